"""Deterministic RSA key derivation from a byte source (for seeded key pools): primes found by
Miller-Rabin over candidates drawn from the source, with FIPS 186-5's distance and exponent
rules. Slow (seconds for RSA_4096), hence cached on disk by the key pool."""

from __future__ import annotations

import math
from functools import cache
from typing import Callable

from cryptography.hazmat.primitives.asymmetric import rsa

RandBytes = Callable[[int], bytes]


@cache
def _primorial() -> int:
    """The product of the odd primes below 10000, for a one-gcd trial division."""
    sieve = bytearray([1]) * 10000
    sieve[:2] = b"\x00\x00"
    for i in range(2, 100):
        if sieve[i]:
            sieve[i * i :: i] = bytes(len(range(i * i, 10000, i)))
    return math.prod(i for i in range(3, 10000) if sieve[i])


def _probable_prime(n: int, randbytes: RandBytes, rounds: int = 6) -> bool:
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        a = int.from_bytes(randbytes(n.bit_length() // 8), "big") % (n - 3) + 2
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def derive_rsa(bits: int, randbytes: RandBytes, e: int = 65537) -> rsa.RSAPrivateKey:
    half = bits // 2

    def prime() -> int:
        while True:
            c = int.from_bytes(randbytes(half // 8), "big") | (3 << (half - 2)) | 1
            if math.gcd(c, _primorial()) == 1 and c % e != 1 and _probable_prime(c, randbytes):
                return c

    while True:
        p, q = prime(), prime()
        if abs(p - q) >> (half - 100) == 0:  # FIPS 186-5 A.1.3: |p - q| > 2^(nlen/2 - 100)
            continue
        d = pow(e, -1, math.lcm(p - 1, q - 1))
        if d.bit_length() > half:
            break
    public = rsa.RSAPublicNumbers(e, p * q)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q), public
    )
    return numbers.private_key()
