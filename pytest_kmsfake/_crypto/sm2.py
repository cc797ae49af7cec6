"""SM2 (GB/T 32918, GM/T 0003) and SM3 (GB/T 32905) in pure Python, on the sm2p256v1 curve.

`cryptography` has no SM2 curve, so this module carries what AWS KMS does with SM2 keys:
  * SM2DSA signatures: DER SEQUENCE {r, s} over e = SM3(Z_A || M), where Z_A hashes the
    default distinguishing ID "1234567812345678" (KMS cannot change it [DG23, MD]);
  * SM2PKE encryption, written as the GM/T 0009 ASN.1 DER SEQUENCE {x, y, C3, C2} (C1C3C2
    order) - the format AWS documents for KMS and OpenSSL 1.1.1+ produce [DG23];
  * key agreement: plain ECDH on the curve, the x-coordinate of d*Q (not the SM2 key
    exchange protocol of GB/T 32918.3, which needs two key pairs per side);
  * PKCS#8 / SubjectPublicKeyInfo DER with id-ecPublicKey and the named curve
    1.2.156.10197.1.301, through the small DER codec of `_der`.
SM3 comes from `hashlib` when OpenSSL offers it, else from the pure-Python version here.
Not constant time: this is a test fake. Errors are `SM2Error`; nothing else escapes.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import struct
from functools import lru_cache
from typing import Any, Callable, TypeVar, cast

from .der import (
    BIT_STRING,
    OCTET_STRING,
    SEQUENCE,
    DERError,
    der,
    der_integer,
    der_items,
    der_oid,
    der_read,
    der_uint,
)

P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = P - 3
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
DEFAULT_ID = b"1234567812345678"

Point = tuple[int, int]  # affine, never the point at infinity
_Jacobian = tuple[int, int, int]  # Z == 0 is the point at infinity
_F = TypeVar("_F", bound=Callable[..., Any])


class SM2Error(ValueError):
    """Malformed DER, a point off the curve, a bad ciphertext or an out-of-range scalar."""


# --- SM3 -----------------------------------------------------------------------------------

_IV = (
    0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E,
)  # fmt: skip
_M32 = 0xFFFFFFFF


def _rotl(x: int, n: int) -> int:
    n %= 32
    return ((x << n) | (x >> (32 - n))) & _M32


_T = [_rotl(0x79CC4519 if j < 16 else 0x7A879D8A, j) for j in range(64)]


def sm3_pure(data: bytes) -> bytes:
    """SM3 per GB/T 32905-2016, in pure Python (the fallback when hashlib has no sm3)."""
    length = len(data) * 8
    data = data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + struct.pack(">Q", length)
    v = list(_IV)
    for offset in range(0, len(data), 64):
        w: list[int] = list(struct.unpack(">16I", data[offset : offset + 64]))
        for j in range(16, 68):
            x = w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)
            w.append(x ^ _rotl(x, 15) ^ _rotl(x, 23) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
        a, b, c, d, e, f, g, h = v
        for j in range(64):
            a12 = _rotl(a, 12)
            ss1 = _rotl((a12 + e + _T[j]) & _M32, 7)
            if j < 16:
                ff, gg = a ^ b ^ c, e ^ f ^ g
            else:
                ff, gg = (a & b) | (a & c) | (b & c), (e & f) | (~e & g)
            tt1 = (ff + d + (ss1 ^ a12) + (w[j] ^ w[j + 4])) & _M32
            tt2 = (gg + h + ss1 + w[j]) & _M32
            a, b, c, d = tt1, a, _rotl(b, 9), c
            e, f, g, h = tt2 ^ _rotl(tt2, 9) ^ _rotl(tt2, 17), e, _rotl(f, 19), g
        v = [x ^ y for x, y in zip(v, (a, b, c, d, e, f, g, h))]
    return struct.pack(">8I", *v)


def _hashlib_has_sm3() -> bool:
    try:
        return hashlib.new("sm3", b"abc").hexdigest().startswith("66c7f0f4")
    except ValueError:
        return False


HASHLIB_SM3 = _hashlib_has_sm3()


def sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest() if HASHLIB_SM3 else sm3_pure(data)


# --- Curve arithmetic (Jacobian coordinates, a = -3) ---------------------------------------


def _double(p1: _Jacobian) -> _Jacobian:
    x, y, z = p1
    if z == 0 or y == 0:
        return (1, 1, 0)
    delta = z * z % P
    gamma = y * y % P
    beta = x * gamma % P
    alpha = 3 * (x - delta) * (x + delta) % P
    x3 = (alpha * alpha - 8 * beta) % P
    z3 = ((y + z) ** 2 - gamma - delta) % P
    y3 = (alpha * (4 * beta - x3) - 8 * gamma * gamma) % P
    return (x3, y3, z3)


def _add(p1: _Jacobian, p2: _Jacobian) -> _Jacobian:
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    if z1 == 0:
        return p2
    if z2 == 0:
        return p1
    z1z1, z2z2 = z1 * z1 % P, z2 * z2 % P
    u1, u2 = x1 * z2z2 % P, x2 * z1z1 % P
    s1, s2 = y1 * z2 * z2z2 % P, y2 * z1 * z1z1 % P
    h, r = (u2 - u1) % P, (s2 - s1) % P
    if h == 0:
        return _double(p1) if r == 0 else (1, 1, 0)
    hh = h * h % P
    hhh = h * hh % P
    v = u1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    y3 = (r * (v - x3) - s1 * hhh) % P
    return (x3, y3, z1 * z2 * h % P)


def _affine(p1: _Jacobian) -> Point | None:
    x, y, z = p1
    if z == 0:
        return None
    zinv = pow(z, -1, P)
    zinv2 = zinv * zinv % P
    return (x * zinv2 % P, y * zinv2 * zinv % P)


def _mul(k: int, point: Point) -> _Jacobian:
    """k * point with a fixed 4-bit window."""
    table: list[_Jacobian] = [(1, 1, 0), (point[0], point[1], 1)]
    for _ in range(14):
        table.append(_add(table[-1], table[1]))
    acc: _Jacobian = (1, 1, 0)
    for shift in range(((k.bit_length() + 3) // 4) * 4 - 4, -4, -4):
        for _ in range(4):
            acc = _double(acc)
        acc = _add(acc, table[(k >> shift) & 15])
    return acc


@lru_cache(maxsize=1)
def _g_table() -> list[list[_Jacobian]]:
    """[j * 16**i] G for i < 64, j < 16: k*G becomes 64 additions and no doublings."""
    rows: list[list[_Jacobian]] = []
    base: _Jacobian = (GX, GY, 1)
    for _ in range(64):
        row: list[_Jacobian] = [(1, 1, 0), base]
        for _ in range(14):
            row.append(_add(row[-1], base))
        rows.append(row)
        base = _add(row[15], base)
    return rows


def _mul_g(k: int) -> _Jacobian:
    acc: _Jacobian = (1, 1, 0)
    for i, row in enumerate(_g_table()):
        acc = _add(acc, row[(k >> (4 * i)) & 15])
    return acc


def on_curve(point: Point) -> bool:
    x, y = point
    return 0 <= x < P and 0 <= y < P and (y * y - x * x * x - A * x - B) % P == 0


@lru_cache(maxsize=256)
def public_point(d: int) -> Point:
    if not 1 <= d <= N - 2:
        raise SM2Error("SM2 private key out of range [1, n-2]")
    point = _affine(_mul_g(d))
    assert point is not None  # d < n
    return point


def generate_private_scalar() -> int:
    return secrets.randbelow(N - 2) + 1


def _int32(value: int) -> bytes:
    return value.to_bytes(32, "big")


# --- DER -----------------------------------------------------------------------------------

_ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"
SM2_CURVE_OID = "1.2.156.10197.1.301"


def _der_errors(function: _F) -> _F:
    """Malformed DER, which `_der` reports as DERError, leaves this module as SM2Error."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DERError as exc:
            raise SM2Error(str(exc)) from None

    return cast(_F, wrapper)


_ALGORITHM = der(SEQUENCE, der_oid(_ID_EC_PUBLIC_KEY) + der_oid(SM2_CURVE_OID))
_ALGORITHMS = (_ALGORITHM[2:], der_oid(SM2_CURVE_OID))  # also accept the bare SM2 OID


def encode_point(point: Point) -> bytes:
    return b"\x04" + _int32(point[0]) + _int32(point[1])


def decode_point(data: bytes) -> Point:
    """An SEC 1 uncompressed or compressed point that lies on the curve."""
    if len(data) == 65 and data[0] == 4:
        point = (int.from_bytes(data[1:33], "big"), int.from_bytes(data[33:], "big"))
    elif len(data) == 33 and data[0] in (2, 3):
        x = int.from_bytes(data[1:], "big")
        y = pow((x * x * x + A * x + B) % P, (P + 1) // 4, P)  # P = 3 (mod 4)
        point = (x, y if y & 1 == data[0] & 1 else (P - y) % P)
    else:
        raise SM2Error("not an SEC 1 point encoding")
    if not on_curve(point):
        raise SM2Error("point is not on the SM2 curve")
    return point


def public_key_der(point: Point) -> bytes:
    return der(SEQUENCE, _ALGORITHM + der(BIT_STRING, b"\x00" + encode_point(point)))


@_der_errors
def parse_public_key_der(data: bytes) -> Point:
    items = der_items(data)
    if len(items) != 2 or items[0][0] != SEQUENCE or items[0][1] not in _ALGORITHMS:
        raise SM2Error("not an SM2 SubjectPublicKeyInfo")
    tag, bits = items[1]
    if tag != BIT_STRING or not bits or bits[0] != 0:
        raise SM2Error("bad public key BIT STRING")
    return decode_point(bits[1:])


def private_key_der(d: int) -> bytes:
    """PKCS#8 with an RFC 5915 ECPrivateKey that carries the public key, as OpenSSL writes."""
    public = der(BIT_STRING, b"\x00" + encode_point(public_point(d)))
    ec_key = der(SEQUENCE, der_integer(1) + der(OCTET_STRING, _int32(d)) + der(0xA1, public))
    return der(SEQUENCE, der_integer(0) + _ALGORITHM + der(OCTET_STRING, ec_key))


@_der_errors
def parse_private_key_der(data: bytes) -> int:
    items = der_items(data)
    if len(items) < 3 or der_uint(*items[0]) not in (0, 1) or items[1][0] != SEQUENCE:
        raise SM2Error("not a PKCS#8 private key")
    if items[1][1] not in _ALGORITHMS or items[2][0] != OCTET_STRING:
        raise SM2Error("not an SM2 PKCS#8 private key")
    inner = der_items(items[2][1])
    if len(inner) < 2 or der_uint(*inner[0]) != 1 or inner[1][0] != OCTET_STRING:
        raise SM2Error("bad ECPrivateKey")
    d = int.from_bytes(inner[1][1], "big")
    if not 1 <= d <= N - 2:
        raise SM2Error("SM2 private key out of range [1, n-2]")
    for tag, content in inner[2:]:
        if tag == 0xA0 and content != der_oid(SM2_CURVE_OID):
            raise SM2Error("ECPrivateKey names another curve")
        if tag == 0xA1:
            bits_tag, bits, end = der_read(content)
            if bits_tag != BIT_STRING or end != len(content) or bits[:1] != b"\x00":
                raise SM2Error("bad ECPrivateKey public key")
            if decode_point(bits[1:]) != public_point(d):
                raise SM2Error("ECPrivateKey public key does not match the private key")
    return d


# --- SM2DSA --------------------------------------------------------------------------------


def z_value(point: Point, uid: bytes = DEFAULT_ID) -> bytes:
    """Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A)."""
    if len(uid) * 8 > 0xFFFF:
        raise SM2Error("distinguishing ID too long")
    fields = b"".join(_int32(v) for v in (A, B, GX, GY, point[0], point[1]))
    return sm3(struct.pack(">H", len(uid) * 8) + uid + fields)


def message_digest(point: Point, message: bytes, uid: bytes = DEFAULT_ID) -> bytes:
    """e = SM3(Z_A || M): what KMS signs for MessageType RAW, and expects for DIGEST."""
    return sm3(z_value(point, uid) + message)


def sign_digest(d: int, digest: bytes, *, k: int | None = None) -> bytes:
    """DER (r, s) over the 32-byte e. `k` fixes the nonce, for the standard's examples only."""
    if len(digest) != 32:
        raise SM2Error("SM2DSA digest must be 32 bytes")
    public_point(d)  # range check
    e = int.from_bytes(digest, "big")
    inverse = pow(1 + d, -1, N)
    while True:
        nonce = k if k is not None else secrets.randbelow(N - 1) + 1
        kg = _affine(_mul_g(nonce))
        assert kg is not None
        r = (e + kg[0]) % N
        s = inverse * (nonce - r * d) % N
        if r != 0 and r + nonce != N and s != 0:
            return der(SEQUENCE, der_integer(r) + der_integer(s))
        if k is not None:
            raise SM2Error("fixed nonce gives a degenerate signature")


def verify_digest(point: Point, digest: bytes, signature: bytes) -> bool:
    if len(digest) != 32:
        raise SM2Error("SM2DSA digest must be 32 bytes")
    try:
        items = der_items(signature)
        if len(items) != 2:
            return False
        r, s = der_uint(*items[0]), der_uint(*items[1])
    except DERError:
        return False
    t = (r + s) % N
    if not (1 <= r < N and 1 <= s < N) or t == 0:
        return False
    x1 = _affine(_add(_mul_g(s), _mul(t, point)))
    return x1 is not None and (int.from_bytes(digest, "big") + x1[0]) % N == r


# --- SM2PKE --------------------------------------------------------------------------------


def _kdf(z: bytes, length: int) -> bytes:
    blocks = (sm3(z + struct.pack(">I", i)) for i in range(1, (length + 31) // 32 + 1))
    return b"".join(blocks)[:length]


def encrypt(point: Point, plaintext: bytes, *, k: int | None = None) -> bytes:
    """SM2PKE, as the DER SEQUENCE {x1, y1, C3, C2} (GM/T 0009, C1C3C2 order)."""
    if not plaintext:
        raise SM2Error("SM2PKE cannot encrypt an empty plaintext")
    while True:
        nonce = k if k is not None else secrets.randbelow(N - 1) + 1
        c1 = _affine(_mul_g(nonce))
        shared = _affine(_mul(nonce, point))
        assert c1 is not None and shared is not None  # prime order, point on the curve
        x2, y2 = _int32(shared[0]), _int32(shared[1])
        t = _kdf(x2 + y2, len(plaintext))
        if any(t):
            break
        if k is not None:
            raise SM2Error("fixed nonce gives an all-zero key stream")
    c2 = bytes(m ^ s for m, s in zip(plaintext, t))
    c3 = sm3(x2 + plaintext + y2)
    body = der_integer(c1[0]) + der_integer(c1[1]) + der(OCTET_STRING, c3)
    return der(SEQUENCE, body + der(OCTET_STRING, c2))


@_der_errors
def decrypt(d: int, ciphertext: bytes) -> bytes:
    items = der_items(ciphertext)
    if len(items) != 4 or items[2][0] != OCTET_STRING or items[3][0] != OCTET_STRING:
        raise SM2Error("not an SM2 ciphertext")
    c1 = (der_uint(*items[0]), der_uint(*items[1]))
    c3, c2 = items[2][1], items[3][1]
    if not on_curve(c1) or len(c3) != 32 or not c2:
        raise SM2Error("bad SM2 ciphertext")
    shared = _affine(_mul(d, c1))
    assert shared is not None
    x2, y2 = _int32(shared[0]), _int32(shared[1])
    t = _kdf(x2 + y2, len(c2))
    if not any(t):
        raise SM2Error("all-zero key stream")
    plaintext = bytes(c ^ s for c, s in zip(c2, t))
    if sm3(x2 + plaintext + y2) != c3:
        raise SM2Error("SM2 ciphertext hash mismatch")
    return plaintext


@_der_errors
def to_c1c3c2(ciphertext: bytes) -> bytes:
    """The DER ciphertext as the raw 04 || x || y || C3 || C2 string of GB/T 32918.4."""
    items = der_items(ciphertext)
    if len(items) != 4:
        raise SM2Error("not an SM2 ciphertext")
    point = (der_uint(*items[0]), der_uint(*items[1]))
    return encode_point(point) + items[2][1] + items[3][1]


# --- Key agreement -------------------------------------------------------------------------


def ecdh(d: int, peer: Point) -> bytes:
    """Plain ECDH: the 32-byte x-coordinate of d * peer."""
    if not on_curve(peer):
        raise SM2Error("peer point is not on the SM2 curve")
    shared = _affine(_mul(d, peer))
    assert shared is not None
    return _int32(shared[0])
