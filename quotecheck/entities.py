"""Speaker names: rule kinds, name regexes, and turning mentions into names.

Kept apart from ``attribution`` so both the per-article attribution and the
story-wide entity merge use one definition of what a name, a title, an alias
and a description are.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

import regex
from pydantic import BaseModel, ConfigDict, field_validator

from quotecheck import regexcache
from quotecheck.rules import RuleFile, RuleSet, alternation, rule_kind

# --------------------------------------------------------------------------- rule kinds


@rule_kind("speech_cues")
class SpeechCues(RuleFile):
    """``speech_cues.yml``: ``"say: says, said, saying"`` or just ``"warn"`` (regular forms)."""

    verbs: list[str] = []
    participles_from_verbs: bool = True
    describe_verbs: list[str] = []

    @field_validator("verbs")
    @classmethod
    def _forms(cls, v: list[str]) -> list[str]:
        for item in v:
            if not item.split(":")[0].strip():
                raise ValueError(f"empty cue verb in {item!r}")
        return v


@rule_kind("titles")
class Titles(RuleFile):
    """``titles.yml``: words that describe a speaker ("foreign minister") and honorifics."""

    titles: list[str] = []
    honorifics: list[str] = []


@rule_kind("speaker_references")
class SpeakerReferences(RuleFile):
    """``pronouns.yml``: pronouns and description heads by entity type."""

    pronouns: dict[str, list[str]] = {}
    media_heads: list[str] = []
    descriptions: dict[str, list[str]] = {}
    anonymous: list[str] = []
    # documents whose words are their issuer's ("the statement said"): resolved to who issued it
    issued: list[str] = []


class AliasEntry(BaseModel):
    """One canonical speaker and its spellings."""

    model_config = ConfigDict(extra="forbid")

    name: str
    type: str = "unknown"
    variants: list[str] = []

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        if v not in ("person", "organization", "media", "unknown"):
            raise ValueError("type must be person, organization, media or unknown")
        return v


@rule_kind("aliases")
class Aliases(RuleFile):
    """``aliases.yml``: canonical names with their variants."""

    entities: list[AliasEntry] = []


@rule_kind("speaker_lexicon")
class SpeakerLexicon(RuleFile):
    """``speaker_names.yml``: non-names, media, organisation words, places."""

    not_names: list[str] = []
    media: list[str] = []
    org_words: list[str] = []
    places: list[str] = []
    # places that never speak as "it" or "they" (round 6: US states; "Russia … it said" does)
    regions: list[str] = []


@rule_kind("name_genders")
class NameGenders(RuleFile):
    """``genders.yml``: words and first names that tell "he" from "she" candidates apart."""

    female_words: list[str] = []
    male_words: list[str] = []
    female: list[str] = []
    male: list[str] = []


@dataclass
class Genders:
    words: dict[str, str] = field(default_factory=dict)  # lower-case word -> "f" | "m"
    first: dict[str, str] = field(default_factory=dict)  # first name -> "f" | "m"


def genders(rules: RuleSet) -> Genders:
    """Compiled once per rule set; a name on both lists counts as neither."""
    def build(rs: RuleSet) -> Genders:
        g = Genders()
        for f in rs.of_kind("name_genders"):
            assert isinstance(f, NameGenders)
            for ws, tag in ((f.female_words, "f"), (f.male_words, "m")):
                for w in ws:
                    k = w.lower()
                    g.words[k] = "" if g.words.get(k, tag) != tag else tag
            for ws, tag in ((f.female, "f"), (f.male, "m")):
                for w in ws:
                    g.first[w] = "" if g.first.get(w, tag) != tag else tag
        return g
    return rules.compiled("entities.genders", build)


def gender_of(name: str, heads: set[str] | frozenset[str], g: Genders) -> str:
    """"f", "m" or "" (unknown): gendered words written with the name win over the first name."""
    found = {g.words.get(h, "") for h in heads} - {""}
    if len(found) == 1:
        return found.pop()
    toks = name.split()
    return g.first.get(toks[0], "") if len(toks) >= 2 else ""


# --------------------------------------------------------------------------- helpers


_ARTICLE_START = regexcache.compile(r"^(?:the|a|an)\s+")


@functools.lru_cache(maxsize=100_000)
def norm_name(name: str) -> str:
    """Compare key: no accents, case, hyphens, dots, possessive marks or extra spaces.

    Cached: merging entities compares every name with many others."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("’", "'").replace("-", " ").replace(".", " ")
    s = _ARTICLE_START.sub("", s.strip())
    return " ".join(s.split())


def cue_forms(entry: str) -> list[str]:
    """``"say: says, said"`` -> all forms; ``"warn"`` -> warn, warns, warned, warning."""
    base, _, rest = entry.partition(":")
    base = base.strip()
    forms = [base] + [f.strip() for f in rest.split(",") if f.strip()]
    if not rest.strip():
        stem = base[:-1] if base.endswith("e") else base
        forms += [base + "s" if not base.endswith("s") else base + "es",
                  stem + "ed", stem + "ing"]
    return forms


@dataclass
class Lexicon:
    """Everything about names, compiled once per rule set."""

    name_re: str  # regex source of a bare name
    titled_re: str  # optional title phrase + name
    desc_re: str  # a description ending in a head noun
    pron_re: str
    title_re: regex.Pattern
    honorific_re: regex.Pattern
    pronoun_type: dict[str, str] = field(default_factory=dict)
    desc_type: dict[str, str] = field(default_factory=dict)
    anonymous: set[str] = field(default_factory=set)
    issued: set[str] = field(default_factory=set)  # "statement": the issuer speaks (or nobody)
    media: set[str] = field(default_factory=set)
    org_words: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)  # places no pronoun refers back to as a speaker
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)  # norm -> (name, type)
    media_heads: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)  # as listed (the entity index looks for them)


#: A capitalised word before a title or a name, with a full stop only in initials ("U.S.",
#: "U.S.-backed") and abbreviations ("Sen.", "St."): "“…,” said Ida Kell. Mayor Bo Cho arrived"
#: made "Ida Kell. Mayor Bo Cho" one mention and Cho the sayer (round 7)
CAP_WORD = (r"(?:[A-Z][\p{L}\p{M}-]{0,30}(?![.\p{L}\p{M}-])|(?=[A-Z]\.[A-Z])[A-Z](?:\.[A-Z])+\.?(?:-[\p{L}\p{M}-]{1,30})?"
            r"|(?=[A-Z][a-z]{0,3}\.)(?:Sen|Rep|Gov|Lt|Gen|Col|Sgt|Dr|St|Mr|Mrs|Ms|Ft|Capt|Cmdr|Adm|Maj|Prof|Rev|Hon|Pres|Sec|"
            r"Atty|Supt|Insp|Dept)\.)")


#: A name, a verb, then a capitalised title and a name: "Ann Lee thanked Mayor Bo Cho" (one
#: titled mention to the patterns) is Lee acting on Cho; group 1 is the subject (round 7).
#: Matched against one sentence subject's text only: "White House press secretary X" and
#: "Norland's embattled Mayor X" do not match (no verb; an owner's "'s" breaks the name).
VERB_THEN_TITLE = (r"((?:[A-Z][\p{L}.-]*\s+){0,3}[A-Z][\p{L}.-]*)\s+(?:[a-z][\p{L}-]*\s+){0,2}"
                   r"(?:[a-z][\p{L}-]*ed|met|saw|told|beat|hit|led|left|sent|took|gave|won|made|thanks|urges|"
                   r"praises|joins|meets|tells|calls|invites|welcomes)\s+[A-Z]")


def _build_lexicon(rules: RuleSet) -> Lexicon:
    titles: list[str] = []
    honor: list[str] = []
    for f in rules.of_kind("titles"):
        assert isinstance(f, Titles)
        titles += f.titles
        honor += f.honorifics
    not_names: list[str] = []
    media: list[str] = []
    orgw: list[str] = []
    places: list[str] = []
    regions: list[str] = []
    for f in rules.of_kind("speaker_lexicon"):
        assert isinstance(f, SpeakerLexicon)
        not_names += f.not_names
        media += f.media
        orgw += f.org_words
        places += f.places
        regions += f.regions
    pron_type: dict[str, str] = {}
    desc_type: dict[str, str] = {}
    anon: set[str] = set()
    issued: set[str] = set()
    mheads: set[str] = set()
    for f in rules.of_kind("speaker_references"):
        assert isinstance(f, SpeakerReferences)
        for t, ws in f.pronouns.items():
            pron_type.update({w.lower(): t for w in ws})
        for t, ws in f.descriptions.items():
            for w in ws:
                desc_type.setdefault(w.lower(), t)
        anon |= {w.lower() for w in f.anonymous}
        issued |= {w.lower() for w in f.issued}
        mheads |= {x for w in f.media_heads for x in w.lower().split()}
    aliases: dict[str, tuple[str, str]] = {}
    for f in rules.of_kind("aliases"):
        assert isinstance(f, Aliases)
        for e in f.entities:
            for v in [e.name, *e.variants]:
                aliases[norm_name(v)] = (e.name, e.type)
    nn = alternation(not_names)
    # every token starts at a word start and has a bounded length: no quadratic scans
    # round 7: an ampersand between capitals stays inside the token ("the J&K CM", "AT&T")
    tok = (r"(?<![\w'’&-])(?:[A-Z]\.(?:[A-Z]\.){0,4}|(?:Jr|Sr|St)\.|[A-Z][\p{L}\p{M}\d]{0,30}"
           r"(?:&[A-Z][\p{L}\p{M}\d]{0,10})?"
           r"(?:-[\p{L}\p{M}\d]{1,20}){0,3}(?:['’][A-Z][\p{L}\p{M}]{0,20})?)(?![\p{L}\p{M}\d&])")
    part = r"(?:de|da|del|der|van|von|bin|bint|al|la|le|du|dos|di|ibn)"
    sp = r"[^\S\n]+"
    # after the first token a lone capital with a dot is a middle initial ("Julie A. Diaz"),
    # even when the letter is also a non-name word ("A", "I")
    # round 7: two particles may follow each other ("Ursula von der Leyen", "Ana de la Cruz")
    # … and a hyphen may join a particle to the name ("Anwar al-Awlaki": the token's own
    # look-behind refused a start right after "al-")
    tok_after_hyphen = r"[A-Z][\p{L}\p{M}]{1,30}(?![\p{L}\p{M}\d&-])"
    # (the particles are tried only before a lower-case letter: a name is matched at many places)
    name = (rf"(?<![\w'’-])(?!(?:{nn})\b){tok}(?:{sp}(?:(?:(?=[a-z])(?:{part}[^\S\n-]*[\s-]){{1,2}})?"
            rf"(?:[A-Z]\.(?={sp}[A-Z])|(?!(?:{nn})\b){tok})|(?=[a-z]){part}-{tok_after_hyphen})){{0,4}}")
    # a name must not end with a dot unless it is an initial/abbreviation like "Jr."
    title_alt = alternation(titles)
    stop = (r"the|a|an|and|or|but|after|before|said|says|told|that|this|of|to|in|on|at|for|with|by|"
            r"from|as|when|while|who|which|whose|his|her|its|their|is|was|has|had|he|she|it|they")
    # round 7: a full stop only in initials ("U.S.-backed") and abbreviations ("Sen.", "St."):
    # "“…,” said Ida Kell. Mayor Bo Cho arrived" made "Ida Kell. Mayor Bo Cho" one mention
    # and Cho the sayer
    mod = (rf"(?<![\w-])(?:{CAP_WORD}(?:['’]s)?|(?!(?:{stop})\b|[a-z]{{1,30}}ing\b)"
           rf"[a-z][\p{{L}}-]{{0,30}})(?![\p{{L}}-])")
    # "the economist Jared Bernstein": an article before a lower-case title belongs to the name
    # "Speaker of the House Rep. Ann Lee": an honorific may follow a title that ends in a noun
    honor_alt = alternation(honor)
    titled = (rf"(?<![\w'’-])(?:(?:(?:the|The)\s+(?=[a-z]))?(?:{mod}\s+){{0,4}}(?<![\w-])(?i:{title_alt})\s+"
              rf"(?:(?:{honor_alt})\s+)?"
              rf"|(?:the|The)\s+(?=[A-Z])"
              # "an angry Hollande retaliated": an indefinite article and lower-case adjectives
              rf"|(?:an?|An?)\s+(?:(?!(?:{stop})\b)[a-z][a-z-]{{2,20}}\s+){{1,2}}(?=[A-Z])"
              # "Twitter's Adam Sharp said": an owner before a full name (two words at least)
              rf"|(?>[A-Z][\p{{L}}\p{{M}}&-]{{0,30}})['’]s\s+(?=[A-Z][\p{{L}}\p{{M}}-]+\s+[A-Z]))?{name}")
    heads = alternation(list(desc_type))
    det = r"(?i:the|a|an|another|one|two|three|several|some|many|other|his|her|its|their|both|my|our|your|this|these)"
    bare = alternation(["media", "state media", "officials", "sources", "aides", "experts", "analysts",
                 "authorities", "police", "prosecutors", "investigators", "critics", "supporters",
                 "witnesses", "residents", "diplomats", "observers"])
    # "the bespectacled, 71-year-old diplomat": modifiers may hold digits, the first a comma
    # (not before another determiner: "a phone rang, the announcer" is two phrases)
    # round 7: "to", "with", "from", "by" or a conjunction is no modifier ("a text message to supporters
    # saying" is no description of supporters)
    fn = r"(?!(?i:to|with|from|by|and|or|but|that|who|which|said|says|told)\s)"
    desc = (rf"(?<![\w-])(?:(?:{det})\s+|{name}['’]s\s+)(?:[\p{{L}}\d'’-]{{1,30}},\s+(?!{det}\s))?(?:{fn}[\p{{L}}\d'’-]{{1,30}}\s+){{0,4}}?(?i:{heads})\b"
            rf"(?:\s+(?i:for|of|at|in)\s+(?:(?i:the)\s+)?(?:[a-z][a-z-]{{2,20}}\s+)?{name}|\s+of\s+(?:two|three|four|five|six|seven|\d{{1,2}})\b)?"
            rf"|(?<![\w-])(?:(?:[A-Z][\p{{L}}-]{{0,30}}|(?i:state|local|foreign|western|official|senior|government|"
            rf"military|federal|party|campaign|news|administration|intelligence))\s+){{0,2}}?(?i:{bare})\b")
    pron = rf"(?<![\w-])(?i:{alternation(list(pron_type))})\b"
    return Lexicon(
        name_re=name, titled_re=titled, desc_re=desc, pron_re=pron,
        title_re=regexcache.compile(rf"(?<!\w)(?:{title_alt})(?!\w)", regex.I),
        honorific_re=regexcache.compile(rf"^(?:(?:{alternation(honor)})\s*)+"),
        pronoun_type=pron_type, desc_type=desc_type, anonymous=anon, issued=issued,
        media={norm_name(m) for m in media}, org_words={w.lower() for w in orgw},
        places={norm_name(p) for p in places + regions}, regions={norm_name(p) for p in regions}, aliases=aliases, media_heads=mheads,
        titles=titles,
    )


def lexicon(rules: RuleSet) -> Lexicon:
    return rules.compiled("entities.lexicon", _build_lexicon)


def strip_title(mention: str, lex: Lexicon) -> str:
    """'Russian Foreign Minister Sergey Lavrov' -> 'Sergey Lavrov'; 'Mr. Kumar' -> 'Kumar'."""
    s = mention.strip()
    last = None
    for mt in lex.title_re.finditer(s):
        rest = s[mt.end():].lstrip()
        if rest[:1].isupper():
            last = mt
    if last is not None:
        s = s[last.end():].strip()
    s = lex.honorific_re.sub("", s).strip()
    return s or mention.strip()


def name_type(name: str, lex: Lexicon) -> str:
    """person | organization | media | unknown (a place voice counts as organization)."""
    n = norm_name(name)
    if n in lex.aliases:
        return lex.aliases[n][1]
    if n in lex.media:
        return "media"
    words = set(n.split())
    if n in lex.places or words & lex.org_words or any(w in n for w in lex.org_words if " " in w):
        return "organization"
    toks = name.split()
    if len(toks) >= 2 or name.isupper() and len(name) <= 6:
        return "organization" if name.isupper() else "person"
    return "unknown"


def alias(name: str, lex: Lexicon) -> str | None:
    hit = lex.aliases.get(norm_name(name))
    return hit[0] if hit else None
