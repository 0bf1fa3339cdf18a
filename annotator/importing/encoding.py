"""Bytes to text: find the encoding of a scraped file, or say clearly that it is binary.

Scraped corpora mix UTF-8, UTF-8 with a BOM, UTF-16 from Windows tools and old
cp1252/Latin-1 files (BBC ``sport/199.txt`` has a raw ``0xA3`` pound sign).
The order below is the one that is right most often:

1. a BOM is certain, so it wins;
2. NUL bytes mean UTF-16 without a BOM or a binary file;
3. strict UTF-8 almost never decodes text that is not UTF-8;
4. cp1252 when the few non-ASCII bytes decode to letters and common symbols
   (charset-normalizer guesses cp1257 or cp932 for short Western texts);
5. charset-normalizer for the rest (Cyrillic, Greek, CJK ...).

Line ends are normalised to ``\\n`` here, so every reader sees the same text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from annotator.importing.errors import ReadError

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Signatures of files coders often drop into a corpus folder by mistake.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP archive, Word or Excel document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\xd0\xcf\x11\xe0", "old Word or Excel document"),
    (b"SQLite format 3\x00", "SQLite database"),
)

#: Non-letters that a cp1252 news text plausibly contains.
_CP1252_SYMBOLS = set("£€¥¢©®™°±§¶·«»‘’‚“”„–—…•†‡‰×÷½¼¾\u00a0\u00ad")

#: C0 controls other than tab, line ends, form feed and DOS end-of-file (0x1A).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class DecodedText:
    """Text with ``\\n`` line ends and the name of the encoding it came from."""

    text: str
    encoding: str


def decode(data: bytes) -> DecodedText:
    """Decode a whole file; raise :class:`ReadError` for empty or binary input."""
    if not data:
        raise ReadError("empty file")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ReadError(f"binary file ({kind}); save it as text first")
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise ReadError("binary file")
    return DecodedText(normalise_newlines(text), encoding)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR (old Mac files) become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReadError(f"not valid {encoding.upper()} text despite its BOM") from None
    if b"\x00" in data:
        encoding = _bomless_utf16(data)
        if encoding is None:
            raise ReadError("binary file")
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise ReadError("binary file") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _western(data)
    if text is not None:
        return text, "cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise ReadError("binary file, or text in an encoding that could not be detected")
    return str(best), best.encoding


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _western(data: bytes) -> str | None:
    """The cp1252 reading of ``data`` if it looks like Western European text.

    Western text has a few non-ASCII bytes, each decoding to a letter or a
    common symbol. Cyrillic or Greek in their own code pages is mostly
    non-ASCII, and Polish in cp1250 turns into superscripts and the like, so
    both fall through to charset-normalizer.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = set(_NON_ASCII.findall(text))
    if not high:
        return text
    # A handful of accented letters says little; a majority of them says "not Western".
    if sum(text.count(c) for c in high) > max(4, 0.3 * len(_ASCII_LETTERS.findall(text))):
        return None
    for c in high:
        if not (unicodedata.category(c).startswith("L") or c in _CP1252_SYMBOLS):
            return None
    return text


def _looks_binary(text: str) -> bool:
    """Many control characters mean a binary file that happened to decode."""
    return len(_BINARY_CONTROLS.findall(text)) > 2 + 0.01 * len(text)
