"""Bytes -> reading text: the one canonical string every offset refers to.

The pipeline (docs/ARCHITECTURE.md, "The reading text"): decode (BOM, strict UTF-8,
legacy code pages), normalise newlines and to NFC, repair mojibake, and make
control characters visible so that a document can never drive the terminal.
Every step is cheap on clean ASCII, so a 100 MB file opens in well under a
second: the expensive checks only run where a cheap gate says they may apply.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from .reading import ReadingText

log = logging.getLogger(__name__)

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_NAMES = {
    "utf-8": "utf-8 (BOM)",
    "utf-16-le": "utf-16-le (BOM)",
    "utf-16-be": "utf-16-be (BOM)",
    "utf-32-le": "utf-32-le (BOM)",
    "utf-32-be": "utf-32-be (BOM)",
}

# Encodings charset-normalizer may name for Western text; for those our own
# order (cp1252, then latin-1) decides, because its pick among them is noisy.
_WESTERN = {"ascii", "cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman", "cp437", "iso8859_1", "windows_1252"}

SNIFF = 64 * 1024
_NOT_C1_BYTES = bytes(b for b in range(256) if not 0x80 <= b <= 0x9F)


class BinaryFile(ValueError):
    """The bytes are not text in any encoding we read."""


def decode(data: bytes, final: bool = True) -> ReadingText:
    """Turn a file's bytes into its reading text, or raise BinaryFile.

    With final=False the bytes are the head of a longer file: a character
    cut at their end is left out instead of making them undecodable."""
    repairs: list[str] = []
    ascii_controls = True  # unknown until the bytes say otherwise
    if not data.startswith(tuple(bom for bom, _ in _BOMS if bom != codecs.BOM_UTF8)) and b"\x00" not in data[:SNIFF]:
        # An encoding where CR and the C0 controls are single bytes that
        # never occur inside a multi-byte character: do the cheap work on the
        # bytes, before they become a string twice their size.
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        ascii_controls = bool(data.translate(None, _NOT_ASCII_CONTROLS))
    text, encoding = _to_str(data, final)
    del data
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _repair_mojibake(text, repairs)
    if ascii_controls or not text.isascii():
        text = make_printable(text, repairs)
    for line in repairs:
        log.info("%s", line)
    return ReadingText(text, encoding, repairs)


# -- step 1: bytes -> str ----------------------------------------------------


def _decode(data: bytes, codec: str, final: bool) -> str:
    """Strict decoding; unless final, of a head that may end mid-character."""
    if final:
        return data.decode(codec)
    return codecs.getincrementaldecoder(codec)().decode(data, final=False)


def _to_str(data: bytes, final: bool) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:  # the BOM marks the encoding; it is not part of the text
                return _decode(data[len(bom) :], codec, final), _BOM_NAMES[codec]
            except UnicodeDecodeError as err:
                raise BinaryFile(f"starts with a {codec} BOM but is not {codec}: {err.reason}") from None
    head = data[:SNIFF]
    if b"\x00" in head:
        return _decode_with_nul(data, head, final)
    try:
        return _decode(data, "utf-8", final), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = _decode_legacy(data, head, final)
    if _mostly_control(text[:SNIFF]):
        raise BinaryFile("binary data (control bytes throughout)")
    return text, encoding


def _decode_with_nul(data: bytes, head: bytes, final: bool) -> tuple[str, str]:
    # UTF-16 text of mostly Latin script has a NUL in every other byte. Any
    # other NUL pattern means binary data, unless the NULs are strays in
    # UTF-8 text (they are shown as symbols, like any control character).
    even, odd = head[0::2].count(0), head[1::2].count(0)
    codec = "utf-16-le" if odd > 4 * max(even, 1) else "utf-16-be" if even > 4 * max(odd, 1) else None
    candidates = [codec] if codec and (len(data) % 2 == 0 or not final) else []
    for codec in [*candidates, "utf-8"]:
        try:
            text = _decode(data, codec, final)
        except UnicodeDecodeError:
            continue
        if not _mostly_control(text[:SNIFF]):
            return text, codec
    raise BinaryFile("binary data (contains NUL bytes)")


def _decode_legacy(data: bytes, head: bytes, final: bool) -> tuple[str, str]:
    """Not UTF-8: ask charset-normalizer for a guess, but let a guess of a
    non-Western code page win only when it decodes the whole file strictly
    and no Western code page is among its candidates (on short or mostly
    ASCII text it often ranks cp1250, cp1257 or cp852 first for cp1252
    text); otherwise cp1252, then latin-1 (which decodes anything)."""
    from charset_normalizer import from_bytes  # slow import, rarely needed

    matches = from_bytes(head)
    best = matches.best()
    if best is not None and not any(match.encoding in _WESTERN for match in matches):
        try:
            return _decode(data, best.encoding, final), best.encoding.replace("_", "-")
        except (UnicodeDecodeError, LookupError):
            pass
    # Latin-1 and cp1252 differ only in 0x80-0x9F: name the narrower one
    # unless those bytes are there.
    if not data.translate(None, _NOT_C1_BYTES):
        return data.decode("latin-1"), "latin-1"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _mostly_control(sample: str) -> bool:
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f")
    return controls > len(sample) * 0.05


# -- step 3: mojibake ----------------------------------------------------------


# UTF-8 read through a Baltic table (cp1257) whose holes were filled from
# cp1252: E2 80 9C shows as "ā€œ". The 0x9D of a closing quote has no
# character in either table, so it was lost and "ā€" stands alone. ftfy 6.3.1
# turns those into "†"; this rule runs first.
def _baltic_table() -> dict[str, int]:
    table = {}
    for byte in range(0x80, 0xC0):
        for codec in ("cp1257", "cp1252"):
            try:
                table[bytes([byte]).decode(codec)] = byte
                break
            except UnicodeDecodeError:
                continue
    return table


_BALTIC = _baltic_table()
_BALTIC_RE = re.compile("ā€([" + re.escape("".join(_BALTIC)) + "]?)")


def _fix_baltic(match: re.Match) -> str:
    tail = match.group(1)
    if tail:
        try:
            return bytes([0xE2, 0x80, _BALTIC[tail]]).decode("utf-8")
        except UnicodeDecodeError:
            pass
    # The lost byte: E2 80 9D, a right double quotation mark. A tail that did
    # not decode is a character of its own and is kept.
    return "\u201d" + tail


# A UTF-8 lead byte read as cp1252/latin-1 (Â..ô) followed by a continuation
# byte read the same way: the shape of common mojibake. Only lines with this
# shape are handed to ftfy, which is slow and needs no work on clean text.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)


def _repair_mojibake(text: str, repairs: list[str]) -> str:
    if "ā€" in text:
        fixed, count = _BALTIC_RE.subn(_fix_baltic, text)
        if count:
            repairs.append(f"mojibake: {count} UTF-8 punctuation marks read as Baltic (ā€…) repaired")
            text = fixed
    if _MOJIBAKE_HINT.search(text) is None:
        return text
    import ftfy  # slow import, rarely needed

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    lines = text.split("\n")
    changed = 0
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line):
            fixed = ftfy.fix_text(line, config)
            if fixed != line:
                lines[i] = unicodedata.normalize("NFC", fixed)
                changed += 1
    if not changed:
        return text
    repairs.append(f"mojibake: ftfy repaired {changed} line(s)")
    return "\n".join(lines)


# -- step 4: control characters ---------------------------------------------------

# Every C0 control but tab and newline, DEL, and the C1 controls: ESC starts
# the sequences that move the cursor, set the title (OSC 0) or the clipboard
# (OSC 52). Each is replaced by a visible stand-in of the same length, so the
# rest of a sequence ("]0;title") shows as plain text.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# bytes.translate with this table deletes all but the C0 controls and DEL: on
# 100 MB it is ten times faster than a regex search for them.
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_NOT_ASCII_CONTROLS = bytes(b for b in range(256) if b not in _ASCII_CONTROLS)


def _stand_in(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 control


def make_printable(text: str, repairs: list[str] | None = None) -> str:
    """Replace control characters with visible stand-ins (tab and newline stay)."""
    if _CONTROL_RE.search(text) is None:
        return text
    fixed, count = _CONTROL_RE.subn(lambda m: _stand_in(m.group()), text)
    if count and repairs is not None:
        repairs.append(f"{count} control character(s) shown as symbols")
    return fixed


def printable_line(text: str) -> str:
    """A short string for display (a title, a file name): controls and
    newlines made visible, never sent to the terminal."""
    return make_printable(text.replace("\n", " ").replace("\t", " "))
