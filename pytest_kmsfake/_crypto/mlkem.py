"""ML-KEM (FIPS 203) in pure Python, for the parameter sets the installed `cryptography` lacks
(cryptography 50 has no ML-KEM-512, before 47 no ML-KEM at all). FIPS 203 step by step, with
its algorithm numbers: `keygen` (KeyGen_internal from the 64-byte seed d || z), `encaps` (m
injectable for known-answer tests) and `decaps` with implicit rejection: a wrong ciphertext of
the right length gives K-bar = J(z || c), never an error. DER as cryptography writes ML-KEM:
PKCS#8 holding the seed form `[0] IMPLICIT OCTET STRING (d || z)` of RFC 9935, SPKI holding
ek, NIST OIDs 2.16.840.1.101.3.4.4.1/2/3. Not constant time: this is a test fake. Errors are
`MLKEMError`; nothing else escapes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from . import der as _der
from .der import BIT_STRING, INTEGER, OCTET_STRING, SEQUENCE

Q = 3329  # the prime modulus
N = 256  # coefficients per polynomial
SEED_BYTES = 64  # d || z
Poly = list[int]  # N coefficients in [0, Q), in the ring R_q or its NTT domain T_q


class MLKEMError(ValueError):
    """A malformed key, a key or seed of the wrong length, or a ciphertext of the wrong length."""


@dataclass(frozen=True)
class Params:
    """A parameter set of FIPS 203 table 2."""

    name: str
    k: int
    eta1: int
    eta2: int
    du: int
    dv: int
    oid: str

    @property
    def ek_length(self) -> int:
        return 384 * self.k + 32

    @property
    def ciphertext_length(self) -> int:
        return 32 * (self.du * self.k + self.dv)


ML_KEM_512 = Params("ML-KEM-512", 2, 3, 2, 10, 4, "2.16.840.1.101.3.4.4.1")
ML_KEM_768 = Params("ML-KEM-768", 3, 2, 2, 10, 4, "2.16.840.1.101.3.4.4.2")
ML_KEM_1024 = Params("ML-KEM-1024", 4, 2, 2, 11, 5, "2.16.840.1.101.3.4.4.3")
PARAMS = {512: ML_KEM_512, 768: ML_KEM_768, 1024: ML_KEM_1024}


# --- The number-theoretic transform (section 4.3) ------------------------------------------


def _bitrev7(i: int) -> int:
    return int(f"{i:07b}"[::-1], 2)


_ZETAS = [pow(17, _bitrev7(i), Q) for i in range(128)]  # zeta^BitRev7(i), zeta = 17
_GAMMAS = [pow(17, 2 * _bitrev7(i) + 1, Q) for i in range(128)]  # zeta^(2 BitRev7(i) + 1)


def _ntt(f: Poly) -> Poly:
    """Algorithm 9 (NTT)."""
    f, i, length = list(f), 1, 128
    while length >= 2:
        for start in range(0, N, 2 * length):
            zeta, i = _ZETAS[i], i + 1
            for j in range(start, start + length):
                t = zeta * f[j + length] % Q
                f[j + length] = (f[j] - t) % Q
                f[j] = (f[j] + t) % Q
        length //= 2
    return f


def _ntt_inverse(f: Poly) -> Poly:
    """Algorithm 10 (NTT^-1); 3303 = 128^-1 mod q."""
    f, i, length = list(f), 127, 2
    while length <= 128:
        for start in range(0, N, 2 * length):
            zeta, i = _ZETAS[i], i - 1
            for j in range(start, start + length):
                t = f[j]
                f[j] = (t + f[j + length]) % Q
                f[j + length] = zeta * (f[j + length] - t) % Q
        length *= 2
    return [x * 3303 % Q for x in f]


def _dot(fs: list[Poly], gs: list[Poly]) -> Poly:
    """The sum of the products fs[j] * gs[j] in T_q: Algorithms 11 (MultiplyNTTs) and 12
    (BaseCaseMultiply), with the reduction mod q done once at the end."""
    h = [0] * N
    for f, g in zip(fs, gs):
        for i in range(128):
            a0, a1, b0, b1 = f[2 * i], f[2 * i + 1], g[2 * i], g[2 * i + 1]
            h[2 * i] += a0 * b0 + a1 * b1 * _GAMMAS[i]
            h[2 * i + 1] += a0 * b1 + a1 * b0
    return [x % Q for x in h]


def _add(*polys: Poly) -> Poly:
    return [sum(coefficients) % Q for coefficients in zip(*polys)]


# --- Encoding, compression and sampling (sections 4.2.1, 4.2.2) -----------------------------


def _encode(polys: list[Poly], d: int) -> bytes:
    """Algorithm 5 (ByteEncode_d) of polynomials with d-bit coefficients, one after another."""
    value = 0
    for poly in reversed(polys):
        for x in reversed(poly):
            value = (value << d) | x
    return value.to_bytes(len(polys) * 32 * d, "little")


def _decode(data: bytes, d: int) -> list[Poly]:
    """Algorithm 6 (ByteDecode_d), as polynomials. No reduction mod q for d = 12: the callers
    decode only checked encapsulation keys and their own decapsulation keys."""
    value, mask = int.from_bytes(data, "little"), (1 << d) - 1
    coefficients = [(value >> (d * i)) & mask for i in range(len(data) * 8 // d)]
    return [coefficients[i : i + N] for i in range(0, len(coefficients), N)]


def _compress(f: Poly, d: int) -> Poly:
    """Compress_d(x) = round(2^d / q * x) mod 2^d, rounding half up (section 4.2.1)."""
    return [(((x << (d + 1)) + Q) // (2 * Q)) & ((1 << d) - 1) for x in f]


def _decompress(f: Poly, d: int) -> Poly:
    """Decompress_d(y) = round(q / 2^d * y), rounding half up (section 4.2.1)."""
    return [(y * Q + (1 << (d - 1))) >> d for y in f]


def _sample_ntt(seed: bytes) -> Poly:
    """Algorithm 7 (SampleNTT): rejection sampling of 12-bit values from SHAKE128(seed).
    576 bytes almost always suffice (more are needed with probability about 2^-38)."""
    length = 576
    while True:
        stream, a = hashlib.shake_128(seed).digest(length), []
        for pos in range(0, length, 3):
            c0, c1, c2 = stream[pos], stream[pos + 1], stream[pos + 2]
            d1, d2 = c0 + 256 * (c1 & 15), (c1 >> 4) + 16 * c2
            if d1 < Q:
                a.append(d1)
            if d2 < Q and len(a) < N:
                a.append(d2)
            if len(a) == N:
                return a
        length += 168  # one more SHAKE128 block


def _sample_cbd(eta: int, s: bytes, b: int) -> Poly:
    """Algorithm 8 (SamplePolyCBD_eta) of PRF_eta(s, b) = SHAKE256(s || b) (64 eta bytes):
    each coefficient is the difference of the bit counts of two consecutive eta-bit groups."""
    data = hashlib.shake_256(s + bytes([b])).digest(64 * eta)
    bits, mask, f = int.from_bytes(data, "little"), (1 << eta) - 1, []
    for _ in range(N):
        x, y = bin(bits & mask).count("1"), bin((bits >> eta) & mask).count("1")
        f.append((x - y) % Q)
        bits >>= 2 * eta
    return f


def _matrix(rho: bytes, k: int) -> list[list[Poly]]:
    """A-hat, with A-hat[i][j] = SampleNTT(rho || j || i)."""
    return [[_sample_ntt(rho + bytes([j, i])) for j in range(k)] for i in range(k)]


# --- K-PKE (section 5) ----------------------------------------------------------------------


def _pke_keygen(p: Params, d: bytes) -> tuple[bytes, bytes]:
    """Algorithm 13 (K-PKE.KeyGen): (ek_PKE, dk_PKE) from the 32-byte seed d."""
    g = hashlib.sha3_512(d + bytes([p.k])).digest()
    rho, sigma = g[:32], g[32:]
    a = _matrix(rho, p.k)
    s = [_ntt(_sample_cbd(p.eta1, sigma, i)) for i in range(p.k)]
    e = [_ntt(_sample_cbd(p.eta1, sigma, p.k + i)) for i in range(p.k)]
    t = [_add(_dot(a[i], s), e[i]) for i in range(p.k)]
    return _encode(t, 12) + rho, _encode(s, 12)


def _pke_encrypt(p: Params, ek: bytes, m: bytes, r: bytes) -> bytes:
    """Algorithm 14 (K-PKE.Encrypt) of the 32-byte message m with the randomness r."""
    t, a = _decode(ek[:-32], 12), _matrix(ek[-32:], p.k)
    y = [_ntt(_sample_cbd(p.eta1, r, i)) for i in range(p.k)]
    e1 = [_sample_cbd(p.eta2, r, p.k + i) for i in range(p.k)]
    e2 = _sample_cbd(p.eta2, r, 2 * p.k)
    columns = [[a[j][i] for j in range(p.k)] for i in range(p.k)]  # A-hat transposed
    u = [_add(_ntt_inverse(_dot(columns[i], y)), e1[i]) for i in range(p.k)]
    mu = _decompress(_decode(m, 1)[0], 1)
    v = _add(_ntt_inverse(_dot(t, y)), e2, mu)
    c1 = _encode([_compress(x, p.du) for x in u], p.du)
    return c1 + _encode([_compress(v, p.dv)], p.dv)


def _pke_decrypt(p: Params, dk_pke: bytes, c: bytes) -> bytes:
    """Algorithm 15 (K-PKE.Decrypt): the 32-byte message."""
    split = 32 * p.du * p.k
    u = [_ntt(_decompress(x, p.du)) for x in _decode(c[:split], p.du)]
    v = _decompress(_decode(c[split:], p.dv)[0], p.dv)
    w = _add(v, [-x for x in _ntt_inverse(_dot(_decode(dk_pke, 12), u))])
    return _encode([_compress(w, 1)], 1)


# --- ML-KEM (sections 6 and 7) --------------------------------------------------------------


def keygen(p: Params, seed: bytes) -> tuple[bytes, bytes]:
    """Algorithm 16 (ML-KEM.KeyGen_internal) from the 64-byte seed d || z: (ek, dk)."""
    if len(seed) != SEED_BYTES:
        raise MLKEMError(f"an ML-KEM seed is {SEED_BYTES} bytes, got {len(seed)}")
    ek, dk_pke = _pke_keygen(p, seed[:32])
    return ek, dk_pke + ek + hashlib.sha3_256(ek).digest() + seed[32:]


def check_ek(p: Params, ek: bytes) -> None:
    """The encapsulation key check of section 7.2: the length, and every coefficient < q."""
    if len(ek) != p.ek_length:
        raise MLKEMError(f"an {p.name} encapsulation key is {p.ek_length} bytes, got {len(ek)}")
    if any(x >= Q for poly in _decode(ek[:-32], 12) for x in poly):
        raise MLKEMError(f"the {p.name} encapsulation key has a coefficient not below q")


def encaps(p: Params, ek: bytes, m: bytes | None = None) -> tuple[bytes, bytes]:
    """Algorithms 20 and 17 (ML-KEM.Encaps, Encaps_internal): (shared secret K, ciphertext c).
    `m` is the 32 random bytes, fresh from os.urandom unless a test injects them."""
    check_ek(p, ek)
    m = os.urandom(32) if m is None else m
    if len(m) != 32:
        raise MLKEMError(f"m is 32 bytes, got {len(m)}")
    g = hashlib.sha3_512(m + hashlib.sha3_256(ek).digest()).digest()
    return g[:32], _pke_encrypt(p, ek, m, g[32:])


def decaps(p: Params, dk: bytes, c: bytes) -> bytes:
    """Algorithms 21 and 18 (ML-KEM.Decaps, Decaps_internal), with implicit rejection."""
    if len(c) != p.ciphertext_length:
        raise MLKEMError(f"an {p.name} ciphertext is {p.ciphertext_length} bytes, got {len(c)}")
    k = p.k
    dk_pke, ek, h, z = dk[: 384 * k], dk[384 * k : 768 * k + 32], dk[-64:-32], dk[-32:]
    if len(dk) != 768 * k + 96 or hashlib.sha3_256(ek).digest() != h:  # section 7.3
        raise MLKEMError(f"not an {p.name} decapsulation key")
    m = _pke_decrypt(p, dk_pke, c)
    g = hashlib.sha3_512(m + h).digest()
    rejected = hashlib.shake_256(z + c).digest(32)  # K-bar = J(z || c)
    return g[:32] if hmac.compare_digest(_pke_encrypt(p, ek, m, g[32:]), c) else rejected


# --- Key objects, shaped like cryptography's MLKEM768PrivateKey/PublicKey, and DER ------------


class PublicKey:
    def __init__(self, p: Params, ek: bytes) -> None:
        check_ek(p, ek)
        self.params, self.ek = p, ek

    def encapsulate(self) -> tuple[bytes, bytes]:
        """(shared secret, ciphertext), as cryptography's `encapsulate()`."""
        return encaps(self.params, self.ek)

    def der(self) -> bytes:
        """SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID }, BIT STRING ek }."""
        return _der.der(SEQUENCE, _algorithm(self.params) + _der.der(BIT_STRING, b"\x00" + self.ek))


class PrivateKey:
    def __init__(self, p: Params, seed: bytes) -> None:
        self.params, self.seed = p, seed
        self.ek, self.dk = keygen(p, seed)

    def public_key(self) -> PublicKey:
        return PublicKey(self.params, self.ek)

    def decapsulate(self, ciphertext: bytes) -> bytes:
        return decaps(self.params, self.dk, ciphertext)


def _algorithm(p: Params) -> bytes:
    """The AlgorithmIdentifier: the OID alone, no parameters."""
    return _der.der(SEQUENCE, _der.der_oid(p.oid))


def _items(data: bytes, what: str) -> list[tuple[int, bytes]]:
    try:
        return _der.der_items(data)
    except _der.DERError as exc:
        raise MLKEMError(f"not a {what}: {exc}") from None


def private_key_der(p: Params, seed: bytes) -> bytes:
    """PKCS#8 (version 0) whose privateKey OCTET STRING holds the seed CHOICE
    `[0] IMPLICIT OCTET STRING` (d || z), as cryptography writes ML-KEM private keys."""
    if len(seed) != SEED_BYTES:
        raise MLKEMError(f"an ML-KEM seed is {SEED_BYTES} bytes, got {len(seed)}")
    key = _der.der(OCTET_STRING, _der.der(0x80, seed))
    return _der.der(SEQUENCE, _der.der_integer(0) + _algorithm(p) + key)


def load_private_key(p: Params, data: bytes) -> PrivateKey:
    """A PKCS#8 private key of parameter set `p` in seed form (the only form written here)."""
    items = _items(data, "PKCS#8 private key")
    if len(items) < 3 or items[0] not in ((INTEGER, b"\x00"), (INTEGER, b"\x01")):
        raise MLKEMError("not a PKCS#8 private key")
    if items[1] != (SEQUENCE, _algorithm(p)[2:]) or items[2][0] != OCTET_STRING:
        raise MLKEMError(f"not an {p.name} private key")
    key = items[2][1]
    if len(key) != 2 + SEED_BYTES or key[:2] != bytes([0x80, SEED_BYTES]):
        raise MLKEMError(f"the {p.name} private key is not in seed form")
    return PrivateKey(p, key[2:])


def load_public_key(p: Params, data: bytes) -> PublicKey:
    """A SubjectPublicKeyInfo of parameter set `p`, its ek passing the check of section 7.2."""
    items = _items(data, "SubjectPublicKeyInfo")
    if len(items) != 2 or items[0] != (SEQUENCE, _algorithm(p)[2:]) or items[1][0] != BIT_STRING:
        raise MLKEMError(f"not an {p.name} SubjectPublicKeyInfo")
    if items[1][1][:1] != b"\x00":
        raise MLKEMError("bad public key BIT STRING")
    return PublicKey(p, items[1][1][1:])
