"""Decoding rules: BOMs, UTF-8 vs legacy 8-bit, binary sniffing, NUL bytes."""

from __future__ import annotations

import pytest

from quotecheck.ingest.base import IngestError
from quotecheck.ingest.decode import decode, sniff_binary


def test_utf16_without_bom_is_recognised_from_nul_layout() -> None:
    text, warnings = decode("Minister said “yes” on Monday.\n".encode("utf-16-le"))
    assert text == "Minister said “yes” on Monday.\n"
    assert warnings == ["decoded as UTF-16-LE (no byte order mark)"]


def test_utf32_bom() -> None:
    assert decode("Hi “there”.".encode("utf-32")) == ("Hi “there”.", [])


def test_damaged_utf8_keeps_valid_sequences_instead_of_cp1252_mojibake() -> None:
    # cp1252 would decode these bytes "cleanly" but turn every curly quote into 'â€œ'
    text, warnings = decode("“Yes,” she said. ".encode() + b"\x81" + b" Done.")
    assert text == "“Yes,” she said. \ufffd Done."
    assert warnings == ["invalid UTF-8 at byte 21 (1 bad sequence replaced by U+FFFD)"]


def test_latin1_fallback_when_cp1252_cannot_decode() -> None:
    text, warnings = decode(b"Caf\xe9 \x81 open")  # 0x81 is undefined in cp1252
    assert text == "Café \x81 open"
    assert warnings == ["not UTF-8; decoded as Latin-1"]


@pytest.mark.parametrize(("data", "name"), [
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"GIF89a\x01\x00", "GIF image"),
    (b"\x7fELF\x02\x01\x01", "ELF executable"),
])
def test_binary_magic(data: bytes, name: str) -> None:
    assert sniff_binary(data) == name
    with pytest.raises(IngestError, match=rf"^binary file \({name}\), not an article$"):
        decode(data + b"\x00" * 10)


def test_text_starting_like_magic_is_not_binary() -> None:
    assert sniff_binary(b"MZ Bank said profits rose.") is None
    assert decode(b"MZ Bank said profits rose.")[0] == "MZ Bank said profits rose."


def test_crlf_cr_and_unicode_line_separators_become_newlines() -> None:
    assert decode("a\r\nb\rc\u2028d".encode())[0] == "a\nb\nc\nd"
