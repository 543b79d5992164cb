"""Plain text files, and the decoding every text format shares.

A byte order mark decides first; then valid UTF-8 is UTF-8; anything else goes to charset-normalizer, which
chooses among the encodings Norwegian documents come in (UTF-16 and UTF-32 without a mark, Windows-1252,
Latin-1) or finds that the bytes are not text at all.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ingest.documents import LoadError, ParsedDocument, Section

# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CANDIDATES = ["utf_8", "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be", "cp1252", "latin_1"]
NOT_TEXT = "not a text file (binary content)"


def decode_text(data: bytes) -> str:
    """The file's text; LoadError when the bytes are binary or break the encoding their mark announces."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return _text_only(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise LoadError(f"not valid {encoding.upper()} text ({error.reason} at byte {error.start})") from error
    try:
        return _text_only(data.decode("utf-8"))
    except (UnicodeDecodeError, LoadError):
        pass
    match = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if match is None:
        raise LoadError(NOT_TEXT)
    return _text_only(str(match))


def _text_only(text: str) -> str:
    """Text never holds NUL characters; a file that decodes to some is binary (or UTF-16 read as UTF-8)."""
    if "\x00" in text:
        raise LoadError(NOT_TEXT)
    return text


def load_text(data: bytes) -> ParsedDocument:
    """The whole file as one section without a heading."""
    text = decode_text(data).replace("\r\n", "\n").strip("\n")
    return ParsedDocument(sections=(Section(headings=(), body=text),) if text.strip() else ())
