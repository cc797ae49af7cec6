"""The little DER the pure-Python key types need (`_sm2`, `_mlkem`): TLV encoding, OIDs,
non-negative INTEGERs, and a strict reader (definite, minimal lengths). Errors are `DERError`.
"""

from __future__ import annotations

SEQUENCE, INTEGER, BIT_STRING, OCTET_STRING, OID = 0x30, 0x02, 0x03, 0x04, 0x06


class DERError(ValueError):
    """Truncated or malformed DER, or not the structure the caller expects."""


def der(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(raw)]) + raw + content


def der_integer(value: int) -> bytes:
    return der(INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def der_oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(reversed(chunk))
    return der(OID, bytes(body))


def der_read(data: bytes, pos: int = 0) -> tuple[int, bytes, int]:
    """One DER TLV at `pos`: (tag, content, position after it). Definite, minimal lengths."""
    if pos + 2 > len(data):
        raise DERError("truncated DER")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        raw = data[pos : pos + count]
        if count == 0 or count > 4 or len(raw) != count or raw[0] == 0:
            raise DERError("bad DER length")
        length = int.from_bytes(raw, "big")
        if length < 0x80:
            raise DERError("non-minimal DER length")
        pos += count
    if pos + length > len(data):
        raise DERError("truncated DER")
    return tag, data[pos : pos + length], pos + length


def der_items(data: bytes, tag: int = SEQUENCE) -> list[tuple[int, bytes]]:
    """The children of `data`, which must be exactly one TLV carrying `tag`."""
    outer, content, end = der_read(data)
    if outer != tag or end != len(data):
        raise DERError("unexpected DER structure")
    items, pos = [], 0
    while pos < len(content):
        item_tag, item, pos = der_read(content, pos)
        items.append((item_tag, item))
    return items


def der_uint(tag: int, content: bytes) -> int:
    """A non-negative, minimally encoded DER INTEGER."""
    if tag != INTEGER or not content or content[0] & 0x80:
        raise DERError("expected a non-negative INTEGER")
    if len(content) > 1 and content[0] == 0 and not content[1] & 0x80:
        raise DERError("non-minimal INTEGER")
    return int.from_bytes(content, "big")
