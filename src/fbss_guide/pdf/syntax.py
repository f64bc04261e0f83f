"""Content-stream syntax: one regular expression matches whole instructions (operands,
then the operator) in a stream's bytes, pikepdf's parser reads a stream it cannot read
whole; operands read (strings, names, /MCID, /ActualText) and written (numbers, names,
hex strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf

# PDF syntax, as the content-stream scanner reads it (ISO 32000-1, 7.2 and 7.3).
_WHITE = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"


def _literal(depth: int) -> bytes:
    """A literal string holding balanced parentheses nested up to `depth` deep."""
    pattern = rb"\((?:[^\\()]++|\\.)*+\)"
    for _ in range(depth):
        pattern = rb"\((?:[^\\()]++|\\.|" + pattern + rb")*+\)"
    return pattern


_LITERAL = _literal(3)
# The strings of an operand (hexadecimal or literal), and comments, which hold none.
_STRING = re.compile(rb"%[^\r\n]*|<([0-9A-Fa-f" + _WHITE + rb"]*)>|(" + _LITERAL + rb")", re.S)
_NOT_HEX = re.compile(rb"[" + _WHITE + rb"]")
# An escape, or a line end without one (read as a line feed whatever its bytes).
_ESCAPE = re.compile(rb"\\(\r\n|[0-7]{1,3}|.)|\r\n?", re.S)
_ESCAPED = {
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"b": b"\b",
    b"f": b"\f",
    # A backslash at a line end continues the string on the next line.
    b"\n": b"",
    b"\r": b"",
    b"\r\n": b"",
}


def _unescape(match: re.Match[bytes]) -> bytes:
    value = match.group(1)
    if value is None:
        return b"\n"
    if b"0" <= value[:1] <= b"7":
        return bytes([int(value, 8) & 0xFF])
    return _ESCAPED.get(value, value)  # an unknown escape is the character itself


def strings(operands: bytes) -> Iterator[bytes]:
    """The strings in a text operator's operands, as bytes, in order."""
    for match in _STRING.finditer(operands):
        digits, literal = match.groups()
        if digits is not None:
            digits = _NOT_HEX.sub(b"", digits)
            if len(digits) % 2:
                digits += b"0"  # PDF: a missing last digit is 0
            yield bytes.fromhex(digits.decode("ascii"))
        elif literal is not None:
            yield _ESCAPE.sub(_unescape, literal[1:-1])


# The pieces of an instruction: white space and comments between tokens, numbers, the
# other simple objects, arrays and dictionaries (nested three deep), operators.
_SKIP = rb"(?:[" + _WHITE + rb"]++|%[^\r\n]*+)*+"  # white space and comments
_SPACE = rb"[" + _WHITE + rb"]*+"  # white space only: faster, for a stream without "%"
_END = rb"(?!" + _REGULAR + rb")"
_NUMBER = rb"[+-]?+(?:\d++\.?+\d*+|\.\d++)" + _END
_SIMPLE = (
    _NUMBER
    + rb"|/"
    + _REGULAR
    + rb"*+|<[0-9A-Fa-f"
    + _WHITE
    + rb"]*+>|"
    + _LITERAL
    + rb"|(?:true|false|null)"
    + _END
)
# A TJ array as WeasyPrint writes it, tried first: hexadecimal strings and numbers.
_FLAT = rb"\[(?:<[0-9A-Fa-f]*+>|" + _NUMBER + rb"|[" + _WHITE + rb"]++)*+\]"
# An operator: regular characters that are not a number. (Nor a keyword, true, false or
# null, but the operands before it, matched first and never given back, take those.)
_OPERATOR = rb"[^" + _WHITE + rb"()<>\[\]{}/%0-9+\-.]" + _REGULAR + rb"*+"


def _object(depth: int, skip: bytes) -> bytes:
    """An operand: a simple object, or an array or dictionary nested `depth` deep."""
    if depth == 0:
        return rb"(?:" + _FLAT + rb"|" + _SIMPLE + rb")"
    items = rb"(?:" + _object(depth - 1, skip) + skip + rb")*+"
    return rb"(?:%s|%s|\[%s%s\]|<<%s%s>>)" % (_FLAT, _SIMPLE, skip, items, skip, items)


def _instruction(skip: bytes) -> re.Pattern[bytes]:
    """One instruction: its operands (group 1) and operator (group 2)."""
    operands = rb"((?:" + _object(3, skip) + skip + rb")*+)"
    return re.compile(skip + operands + rb"(" + _OPERATOR + rb")", re.S)


_INSTRUCTION = _instruction(_SKIP)
_INSTRUCTION_WITHOUT_COMMENTS = _instruction(_SPACE)
_REST = re.compile(_SKIP, re.S)
_OPERAND = re.compile(_SKIP + rb"(" + _object(3, _SKIP) + rb")", re.S)
_NUMERIC = re.compile(_NUMBER)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
SPACE_BYTES = frozenset(b"\x00\t\n\x0c\r ")

TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
# The operators the events need, as bytes and as text.
READ_OPERATORS = {name.encode(): name for name in ("BDC", "BMC", "EMC", "Tf", "Tm", "Td", "TD")}
SHOWING_OPERATORS = frozenset(name.encode() for name in TEXT_SHOWING)
# Inline images: binary data after ID, which only a parser that reads the image's
# dictionary can step over.
_INLINE_IMAGE = frozenset({b"BI", b"ID", b"EI"})

# (operator, start, end, operands): one instruction the events need, with its byte span.
Instruction = tuple[bytes, int, int, bytes]


class Unreadable(Exception):
    """The scanner met bytes it cannot read as instructions."""


class ContentStreamError(ValueError):
    """A page's content stream that neither the scanner nor pikepdf can read."""


def scan(data: bytes) -> Iterator[Instruction]:
    """The instructions `_events` needs, read from a content stream's bytes; raises
    `Unreadable` at anything that is not a whole instruction."""
    pattern = _INSTRUCTION if b"%" in data else _INSTRUCTION_WITHOUT_COMMENTS
    position = 0
    for match in pattern.finditer(data):
        start, end = match.span()
        if start != position:
            break  # what is left must be white space and comments
        position = end
        operator = match[2]
        if operator in READ_OPERATORS:
            yield operator, match.start(1), end, match[1]
        elif operator in _INLINE_IMAGE:
            raise Unreadable(f"an inline image at offset {match.start(2)}")
    rest = _REST.match(data, position)
    if rest is None or rest.end() != len(data):
        raise Unreadable(f"unreadable bytes at offset {position}")


def parsed_by_pikepdf(page: pikepdf.Page, number: int) -> tuple[bytes, list[Instruction]]:
    """What `scan` gives, from pikepdf's parser: the stream written again instruction by
    instruction (one a line, in pikepdf's syntax) and the instructions read from it."""
    try:
        parsed = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError as error:
        raise ContentStreamError(
            f"page {number + 1}: its content stream cannot be read: {error}"
        ) from error
    lines: list[bytes] = []
    instructions: list[Instruction] = []
    start = 0
    for instruction in parsed:
        line = pikepdf.unparse_content_stream([instruction])
        if not isinstance(instruction, pikepdf.ContentStreamInlineImage):
            operator = instruction.operator.unparse()
            if operator in READ_OPERATORS:
                if not line.endswith(operator):
                    raise ContentStreamError(f"page {number + 1}: cannot write {line[:80]!r}")
                operands = line[: len(line) - len(operator)]
                instructions.append((operator, start, start + len(line), operands))
        lines.append(line)
        start += len(line) + 1
    return b"\n".join(lines), instructions


def _objects(operands: bytes) -> list[bytes]:
    """The operands of an instruction (or the items of an array or dictionary), as bytes."""
    return [match.group(1) for match in _OPERAND.finditer(operands)]


def name_of(token: bytes) -> str:
    """A name as pikepdf spells it: '/' and the name, #xx escapes decoded."""
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda match: bytes.fromhex(match.group(1).decode()), token)
    return token.decode("utf-8", "surrogateescape")


def operands_of(operands: bytes, count: int) -> list[bytes]:
    """The operands of an instruction that has `count` numbers and names."""
    items = operands.split()
    if len(items) == count and b"%" not in operands and b"\x00" not in operands:
        return items
    return _objects(operands)


# A BDC's operands as WeasyPrint writes them: a tag and an inline MCID.
_TAG_AND_MCID = re.compile(
    rb"[%s]*/([A-Za-z]++)[%s]*<<[%s]*/MCID[%s]++(\d++)[%s]*>>[%s]*" % ((_WHITE,) * 6)
)


def marked(operands: bytes) -> tuple[int | None, bool]:
    """A BDC's MCID (if its property list is inline and has one), and whether it is
    tagged /Artifact."""
    simple = _TAG_AND_MCID.fullmatch(operands)
    if simple is not None:
        return int(simple[2]), simple[1] == b"Artifact"
    items = _objects(operands)
    artifact = bool(items) and name_of(items[0]) == "/Artifact"
    if len(items) == 2 and items[1].startswith(b"<<"):
        entries = _objects(items[1][2:-2])
        for key, value in zip(entries[::2], entries[1::2], strict=False):
            if name_of(key) == "/MCID" and _NUMERIC.fullmatch(value):
                return int(float(value)), artifact
    return None, artifact


def _pdf_text(token: bytes) -> str:
    """A PDF text string (a literal or hexadecimal string token) as Python text."""
    raw = next(strings(token), b"")
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")  # PDFDocEncoding differs from Latin-1 in symbols only


def actual_text(operands: bytes) -> str | None:
    """The /ActualText of a BDC's inline property list, if it has one."""
    items = _objects(operands)
    if len(items) == 2 and items[1].startswith(b"<<"):
        entries = _objects(items[1][2:-2])
        for key, value in zip(entries[::2], entries[1::2], strict=False):
            if name_of(key) == "/ActualText":
                return _pdf_text(value)
    return None


def pdf_number(value: float) -> bytes:
    """A number as PDF writes it: no exponent; six decimals at most, as pikepdf writes."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return b"0" if text in ("", "-0") else text.encode("ascii")


def pdf_name(name: str) -> bytes:
    """A name ('/' and the name) as PDF writes it, with #xx for what is not regular."""
    out = bytearray(b"/")
    for byte in name[1:].encode("utf-8", "surrogateescape"):
        if 0x21 <= byte <= 0x7E and byte not in b"()<>[]{}/%#":
            out.append(byte)
        else:
            out += b"#%02x" % byte
    return bytes(out)


def pdf_hex(value: bytes) -> bytes:
    """A string as a hexadecimal string."""
    return b"<" + value.hex().encode("ascii") + b">"
