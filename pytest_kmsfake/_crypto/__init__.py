"""Cryptography: symmetric, RSA, ECC, SM2, ML-KEM, Ed25519ph, DER, key material and its pool."""
