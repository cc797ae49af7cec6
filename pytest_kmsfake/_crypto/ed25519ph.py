"""Ed25519ph (RFC 8032 section 5.1: HashEdDSA with phflag = 1 and an empty context) in pure
Python, for KMS's ED25519_PH_SHA_512: `cryptography` offers only PureEdDSA. Checked against
RFC 8032 section 7.3's test vector in the tests."""

from __future__ import annotations

import hashlib

# --- Ed25519ph (RFC 8032 section 5.1, phflag = 1, empty context) ---------------------------

_EP = 2**255 - 19
_EL = 2**252 + 27742317777372353535851937790883648493
_ED = -121665 * pow(121666, -1, _EP) % _EP
_SQRT_M1 = pow(2, (_EP - 1) // 4, _EP)
_DOM2_PH = b"SigEd25519 no Ed25519 collisions\x01\x00"
_EdPoint = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T)


def _ed_add(p1: _EdPoint, p2: _EdPoint) -> _EdPoint:
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a, b = (y1 - x1) * (y2 - x2) % _EP, (y1 + x1) * (y2 + x2) % _EP
    c, d = 2 * t1 * t2 * _ED % _EP, 2 * z1 * z2 % _EP
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _EP, g * h % _EP, f * g % _EP, e * h % _EP)


def _ed_mul(k: int, point: _EdPoint) -> _EdPoint:
    acc: _EdPoint = (0, 1, 1, 0)
    for bit in bin(k)[2:]:
        acc = _ed_add(acc, acc)
        if bit == "1":
            acc = _ed_add(acc, point)
    return acc


def _ed_decode(data: bytes) -> _EdPoint | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if y >= _EP:
        return None
    x2 = (y * y - 1) * pow(_ED * y * y + 1, -1, _EP) % _EP
    x = pow(x2, (_EP + 3) // 8, _EP)
    if (x * x - x2) % _EP:
        x = x * _SQRT_M1 % _EP
    if (x * x - x2) % _EP or (x == 0 and sign):
        return None
    if x & 1 != sign:
        x = _EP - x
    return (x, y, 1, x * y % _EP)


def _ed_encode(point: _EdPoint) -> bytes:
    zinv = pow(point[2], -1, _EP)
    x, y = point[0] * zinv % _EP, point[1] * zinv % _EP
    return (y | (x & 1) << 255).to_bytes(32, "little")


_EB = _ed_decode((4 * pow(5, -1, _EP) % _EP).to_bytes(32, "little"))
assert _EB is not None


def sign(seed: bytes, prehash: bytes) -> bytes:
    """Ed25519ph over PH(M) = `prehash` (64 bytes)."""
    assert _EB is not None
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
    public = _ed_encode(_ed_mul(a, _EB))
    r = int.from_bytes(hashlib.sha512(_DOM2_PH + h[32:] + prehash).digest(), "little") % _EL
    big_r = _ed_encode(_ed_mul(r, _EB))
    k = int.from_bytes(hashlib.sha512(_DOM2_PH + big_r + public + prehash).digest(), "little")
    return big_r + ((r + k % _EL * a) % _EL).to_bytes(32, "little")


def verify(public: bytes, prehash: bytes, signature: bytes) -> bool:
    """The cofactored check of RFC 8032 5.1.7: [8][S]B = [8]R + [8][k]A."""
    assert _EB is not None
    if len(signature) != 64:
        return False
    a_point, r_point = _ed_decode(public), _ed_decode(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a_point is None or r_point is None or s >= _EL:
        return False
    digest = hashlib.sha512(_DOM2_PH + signature[:32] + public + prehash).digest()
    k = int.from_bytes(digest, "little") % _EL
    left = _ed_mul(8 * s, _EB)
    right = _ed_add(_ed_mul(8, r_point), _ed_mul(8 * k, a_point))
    return (left[0] * right[2] - right[0] * left[2]) % _EP == 0 and (
        left[1] * right[2] - right[1] * left[2]
    ) % _EP == 0
