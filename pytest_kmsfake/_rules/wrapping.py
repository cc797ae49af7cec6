"""Importing key material: the wrapping algorithms each wrapping key spec takes.

Sources are tagged as in the project's fact sheet ([MD]: the botocore model's documentation).
"""

from __future__ import annotations

from collections.abc import Mapping

# GetParametersForImport: the wrapping algorithms each wrapping key spec takes [MD]. AWS ended
# RSAES_PKCS1_V1_5 on 2023-10-01 [B3CL].
_RSA_WRAPPING = frozenset(
    {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"}
)
WRAPPING_ALGORITHMS: Mapping[str, frozenset[str]] = {
    "RSA_2048": _RSA_WRAPPING,
    "RSA_3072": _RSA_WRAPPING,
    "RSA_4096": _RSA_WRAPPING,
    "SM2": frozenset({"SM2PKE"}),
}
RETIRED_WRAPPING_ALGORITHMS: frozenset[str] = frozenset({"RSAES_PKCS1_V1_5"})
