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

from annotator.importing.characters import MARK
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


#: Encoding detection looks at this much of a file: enough for any heuristic, and
#: a 200 MB file is not copied, scanned letter by letter or handed to
#: charset-normalizer whole (which took gigabytes). Files up to this size are
#: judged on all of their bytes.
SAMPLE_BYTES = 1 << 20


@dataclass(frozen=True)
class DecodedText:
    """Text with ``\\n`` line ends and the name of the encoding it came from."""

    text: str
    encoding: str


def decode(data: bytes) -> DecodedText:
    """Decode a whole file; raise :class:`ReadError` for empty or binary input."""
    encoding = detect_encoding(data[:SAMPLE_BYTES], len(data))
    return DecodedText(normalise_newlines(decode_bytes(data, encoding)), encoding)


def detect_encoding(head: bytes, size: int) -> str:
    """The encoding of a file of ``size`` bytes that starts with ``head``.

    Raises :class:`ReadError` for an empty file, a known binary format, or
    bytes that no encoding explains.
    """
    if not head:
        raise ReadError("empty file")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise ReadError(f"binary file ({kind}); save it as text first")
    whole = size <= len(head)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head:
        encoding = _bomless_utf16(head, size)
        if encoding is None:
            raise ReadError("binary file")
        return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _western(head) is not None:
        return "cp1252"
    best = from_bytes(head).best()
    if best is None:
        raise ReadError("binary file, or text in an encoding that could not be detected")
    return best.encoding


def decode_bytes(data: bytes, encoding: str) -> str:
    """All of ``data`` in ``encoding``, which :func:`detect_encoding` chose from its start.

    Bytes past the sample that the encoding cannot read become lone surrogates
    (the :data:`~annotator.importing.characters.MARK` handler), which the
    import replaces by U+FFFD with a warning; with a byte order mark, or as
    UTF-16 recognised by its NUL bytes, such bytes mean the file is damaged.
    """
    sure = encoding.startswith(("utf-16", "utf-32")) or encoding == "utf-8-sig"
    if b"\x00" in data and not encoding.startswith(("utf-16", "utf-32")):
        raise ReadError("binary file")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if sure:
            bom = any(data.startswith(b) for b, _ in _BOMS)
            raise ReadError(f"not valid {encoding.upper()} text despite its BOM" if bom
                            else "binary file") from None
        text = data.decode(encoding, MARK)
    if looks_binary(text):
        raise ReadError("binary file")
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR (old Mac files) become LF; text without CR is not copied."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _bomless_utf16(head: bytes, size: int) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if size < 4 or size % 2:
        return None
    head = head[: len(head) // 2 * 2]
    half = len(head) // 2
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
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


def looks_binary(text: str) -> bool:
    """Many control characters mean a binary file that happened to decode.

    Counted without a list of them, and only until the answer is known.
    """
    limit = 2 + 0.01 * len(text)
    for count, _ in enumerate(_BINARY_CONTROLS.finditer(text), start=1):
        if count > limit:
            return True
    return False
