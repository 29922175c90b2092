"""Normalise quote text into words that keep their offsets.

Why a module of its own: linking, the word diff and the checks must agree on
what "the same words" means. Two wordings are the same when they differ only
in case, quote marks, dashes, whitespace, line-wrap hyphens and punctuation;
every word keeps the offsets of the original text so a diff can point back
into the article.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

import regex

from quotecheck import regexcache

# A word: letters/digits with inner apostrophes; a hyphen followed by a line
# break and a lower-case letter is a line-wrap hyphen and joins the halves.
_WORD = regexcache.compile(
    r"(?:\p{L}|\p{N})(?:[\p{L}\p{M}\p{N}]|['’ʼ](?=\p{L})|[.,](?=\p{N})|-[ \t]*\r?\n[ \t]*(?=\p{Ll}))*",
    regex.VERSION1,
)
_WRAP = regexcache.compile(r"-[ \t]*\r?\n[ \t]*")
_APOS = regexcache.compile(r"[’ʼ]")
_NUM_SEP = regexcache.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_ALNUM = regexcache.compile(r"[^\p{L}\p{N}]+", regex.VERSION1)

#: Suffixes a light stemmer strips (longest first): enough to match
#: "tackle/tackling", "cause/causes", "unconditional/unconditionally".
_SUFFIXES = ("ingly", "edly", "ing", "ed", "ly", "es", "s")


class Token(NamedTuple):
    """One word: ``norm`` is the folded form, start/end index the original text.

    A named tuple, not a dataclass: linking makes millions of them and a tuple
    is built three times faster."""

    norm: str
    start: int
    end: int
    upper: bool  # written with a capital first letter (a name, or a sentence start)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case, compatibility forms, apostrophes, line-wrap hyphens, thousands separators.

    Cached, with a fast path for plain ASCII words: linking folds every word of
    every quote, and most are the same few thousand words.
    """
    if word.isascii() and word.isalpha():
        return word.lower()
    w = unicodedata.normalize("NFKC", word)
    w = _WRAP.sub("", w)
    w = _APOS.sub("'", w)
    w = _NUM_SEP.sub("", w)
    return w.casefold()


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Words of ``text`` with offsets shifted by ``base`` (the quote's start in its article).

    Quote-sized texts are cached: stories, the graph and the checks each tokenise
    the same quotes."""
    if len(text) <= 2000:
        return list(_tokenize_cached(text, base))
    return _tokenize(text, base)


@lru_cache(maxsize=20_000)
def _tokenize_cached(text: str, base: int) -> tuple[Token, ...]:
    return tuple(_tokenize(text, base))


_new_tuple = tuple.__new__  # Token(...) goes through a Python-level __new__; this is the tuple's own


def _tokenize(text: str, base: int) -> list[Token]:
    # the same tuples as Token(...), built directly: about 12 % faster, and the report stage
    # tokenises every quote of the batch again
    return [_new_tuple(Token, (fold(raw := m.group()), base + m.start(), base + m.end(), raw[:1].isupper()))
            for m in _WORD.finditer(text)]


# In ASCII, letters and digits (\p{L}, \p{N}) are exactly [A-Za-z0-9].
_ASCII_NOT_ALNUM = regexcache.compile(r"[^a-z0-9]+")


def same_key(text: str) -> str:
    """Letters and digits only, folded: equal keys mean a `same` edge.

    Dropping spaces too makes "Jong-un" equal "Jong Un" and a line-wrapped
    "uncondi-\\ntionally" equal "unconditionally". Short texts are cached: linking and the
    quote checks compare speaker names pair by pair, the same few names again and again.
    """
    return _same_key_short(text) if len(text) <= 120 else plain_same_key(text)


def plain_same_key(text: str) -> str:
    """``same_key`` without the cache. For ASCII, ``fold`` lower-cases and removes only
    characters that are not letters or digits (wrap hyphens, breaks, separators), which the
    final removal deletes anyway: the lower-cased text without them is the same key."""
    if text.isascii():
        return _ASCII_NOT_ALNUM.sub("", text.lower())
    return _ALNUM.sub("", fold(text))


_same_key_short = lru_cache(maxsize=100_000)(plain_same_key)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A deliberately light English stemmer: inflections only, no derivation.

    Snowball would also fold "ready"/"readiness"; we only want to see that
    "tackle" and "tackling" are one verb so that such a change is not called
    a replaced verb.
    """
    w = word[:-2] if word.endswith("'s") else word
    if not w.isalpha() or len(w) <= 3:
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            if suf == "s" and w.endswith(("ss", "us", "is")):
                break
            w = w[: -len(suf)]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def content_stems(tokens: list[Token], stopwords: frozenset[str]) -> list[str]:
    """The words that carry meaning, stemmed: what similarity is measured on."""
    return [stem(t.norm) for t in tokens if t.norm not in stopwords]
