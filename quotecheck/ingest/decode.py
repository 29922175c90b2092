"""Bytes to text: BOMs, UTF-8, legacy 8-bit encodings, binary files.

Wire copy arrives as UTF-8 (sometimes with a BOM), as UTF-16 from Windows
tools, as cp1252 from old CMS exports, and occasionally as something that is
not text at all. The rules here are deliberately simple and linear in the
size of the input:

* a BOM decides (UTF-32, UTF-16, UTF-8);
* known binary magic bytes (PNG, PDF, zip, ...) are an error naming the type;
* many NUL bytes in alternating positions mean BOM-less UTF-16, otherwise many
  NUL bytes mean binary; a few stray NULs are replaced (with a warning);
* strict UTF-8 is tried; if it fails but the file holds valid multi-byte UTF-8
  sequences, it is UTF-8 with some damage: decoded with U+FFFD replacements and
  a warning; if it holds none, it is a legacy encoding: cp1252 (Latin-1 when
  cp1252 cannot decode it), with a warning.

Line ends are normalised to ``\\n`` here, once, so that every later offset
refers to the same text the user sees in ``Article.text``.
"""

from __future__ import annotations

import codecs
import re

from quotecheck.ingest.base import IngestError

# (magic prefix, human name). Checked against the first bytes only.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"wOFF", "web font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# A valid multi-byte UTF-8 sequence (2-4 bytes); its presence says "this is UTF-8".
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029")


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary type the bytes start with, or None."""
    head = data[:32]
    for magic, name in BINARY_MAGIC:
        if head.startswith(magic):
            # "MZ" and "ID3" are short: require a NUL soon after to avoid hitting a text starting "MZ".
            if magic in (b"MZ", b"ID3") and b"\x00" not in data[:64]:
                continue
            return name
    return None


def _nul_layout(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where NUL bytes sit in the first 4 KB."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text)


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode one file's bytes; return the text and any warnings (never silent guesses)."""
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                text = body.decode(enc)
            except UnicodeDecodeError as exc:
                text = body.decode(enc, errors="replace")
                warnings.append(f"invalid {enc.upper()} at byte {exc.start + len(bom)}; "
                                "bad bytes replaced by U+FFFD")
            return _finish(text, warnings)

    kind = sniff_binary(data)
    if kind:
        raise IngestError(f"binary file ({kind}), not an article")

    if b"\x00" in data:
        layout = _nul_layout(data)
        if layout:
            text = data.decode(layout, errors="replace")
            warnings.append(f"decoded as {layout.upper()} (no byte order mark)")
            return _finish(text, warnings)
        nuls = data.count(0)
        if nuls > max(8, len(data) // 100):
            raise IngestError(f"binary file ({nuls} NUL bytes), not an article")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTI.search(data):
            text = data.decode("utf-8", errors="replace")
            bad = text.count("\ufffd")
            warnings.append(f"invalid UTF-8 at byte {exc.start} ({bad} bad sequence"
                            f"{'s' if bad != 1 else ''} replaced by U+FFFD)")
        else:
            try:
                text = data.decode("cp1252")
                warnings.append("not UTF-8; decoded as cp1252 (Windows Latin-1)")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                warnings.append("not UTF-8; decoded as Latin-1")
    return _finish(text, warnings)


def _finish(text: str, warnings: list[str]) -> tuple[str, list[str]]:
    if "\x00" in text:
        n = text.count("\x00")
        text = text.replace("\x00", "\ufffd")
        warnings.append(f"{n} NUL byte{'s' if n != 1 else ''} replaced by U+FFFD")
    text = normalise_newlines(text)
    if not text.strip():
        raise IngestError("empty file" if not text else "only whitespace, no text")
    return text, warnings
