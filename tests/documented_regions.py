"""Which Regions refuse which keys and operations in AWS KMS, written by hand from AWS's
documents for each region profile of the fake: the expected answers of
tests/test_documented_regions.py.

Pure data, with no import from the fake: a wrong region rule disagrees with this module
instead of agreeing with itself. Every cell is a fact, and every fact names its source:

[DGH c]  the git history of awsdocs/aws-kms-developer-guide, commit c, with its date
[DG23]   that developer guide as archived in mid-2023 (doc_source/*.md)
[MD]     the documentation strings of botocore 1.44.8's KMS model (operation or member named)
[DOCS]   a current page of the KMS developer guide (docs.aws.amazon.com), named after the tag
[CN]     amazonaws.cn: AWS's pages for the China (Beijing) and China (Ningxia) Regions
[FS §7]  the project's fact sheet, section 7 (Region restrictions over time)
[ISS]    real AWS output quoted in a public issue

A profile is a picture of AWS at one time:

- `default`: the developer guide of 2020-03-30 to 2021-06-17, the project's reference for
  Regions: asymmetric KMS keys and asymmetric data key pairs in every Region except China
  (Beijing) and China (Ningxia) [DGH 94bfa88 ... 63861bc]; SM2 only in China [MD] (with the
  first rule, no Region takes SM2 keys).
- `2026-11`: today's published picture.
- `none`: every restriction lifted.

Where the documents do not settle a cell, it holds the fake's choice and DEVIATIONS says
why, so that a change of that choice still fails a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# At least one commercial Region outside the US, one GovCloud Region, and both China Regions:
# each rule below tells them apart somewhere.
REGIONS: tuple[str, ...] = (
    "us-east-1", "eu-west-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1"
)  # fmt: skip

# AWS's refusal: "KeySpec SM2 is not supported in this Region", UnsupportedOperationException,
# measured in us-east-1 [ISS floci-io/floci#3026, 2026]. The same sentence for a KeyPairSpec,
# a WrappingKeySpec or an operation is INFERRED: no recording shows those.
REFUSAL_CODE = "UnsupportedOperationException"
REFUSAL = "{what} is not supported in this Region"

# --- Key families ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """The KeySpec values [M KeySpec] and DataKeyPairSpec values [M DataKeyPairSpec] of one
    family, and the spec and KeyUsage [MD CreateKey.KeyUsage] the tests create it with."""

    key_specs: tuple[str, ...]
    pair_specs: tuple[str, ...]
    tried: str
    usage: str


FAMILIES: Mapping[str, Family] = {
    "symmetric": Family(("SYMMETRIC_DEFAULT",), (), "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"),
    "HMAC": Family(("HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"), (), "HMAC_256", "GENERATE_VERIFY_MAC"),
    "RSA": Family(("RSA_2048", "RSA_3072", "RSA_4096"), ("RSA_2048", "RSA_3072", "RSA_4096"), "RSA_2048", "SIGN_VERIFY"),
    "ECC NIST": Family(("ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"), ("ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"), "ECC_NIST_P256", "SIGN_VERIFY"),
    "ECC_SECG_P256K1": Family(("ECC_SECG_P256K1",), ("ECC_SECG_P256K1",), "ECC_SECG_P256K1", "SIGN_VERIFY"),
    "Ed25519": Family(("ECC_NIST_EDWARDS25519",), ("ECC_NIST_EDWARDS25519",), "ECC_NIST_EDWARDS25519", "SIGN_VERIFY"),
    "SM2": Family(("SM2",), ("SM2",), "SM2", "SIGN_VERIFY"),
    "ML-DSA": Family(("ML_DSA_44", "ML_DSA_65", "ML_DSA_87"), (), "ML_DSA_65", "SIGN_VERIFY"),
    "ML-KEM": Family(("ML_KEM_512", "ML_KEM_768", "ML_KEM_1024"), ("ML_KEM_512", "ML_KEM_768", "ML_KEM_1024"), "ML_KEM_768", "ENCAPSULATE_DECAPSULATE"),
}  # fmt: skip

# --- What is tried in each Region ----------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One call: `operation` with the key spec `spec` (the KeySpec of the key it creates or
    uses, the KeyPairSpec or the WrappingKeySpec). `named` is how AWS's refusal names that
    spec when a rule on the spec refuses; a rule on the operation names the operation."""

    operation: str
    spec: str
    named: str


CHECKS: Mapping[str, Check] = {
    "CreateKey symmetric": Check("CreateKey", "SYMMETRIC_DEFAULT", "KeySpec SYMMETRIC_DEFAULT"),
    "CreateKey HMAC": Check("CreateKey", "HMAC_256", "KeySpec HMAC_256"),
    "CreateKey RSA": Check("CreateKey", "RSA_2048", "KeySpec RSA_2048"),
    "CreateKey ECC NIST": Check("CreateKey", "ECC_NIST_P256", "KeySpec ECC_NIST_P256"),
    "CreateKey ECC_SECG_P256K1": Check("CreateKey", "ECC_SECG_P256K1", "KeySpec ECC_SECG_P256K1"),
    "CreateKey Ed25519": Check("CreateKey", "ECC_NIST_EDWARDS25519", "KeySpec ECC_NIST_EDWARDS25519"),
    "CreateKey SM2": Check("CreateKey", "SM2", "KeySpec SM2"),
    "CreateKey ML-DSA": Check("CreateKey", "ML_DSA_65", "KeySpec ML_DSA_65"),
    "CreateKey ML-KEM": Check("CreateKey", "ML_KEM_768", "KeySpec ML_KEM_768"),
    "GenerateDataKeyPair RSA": Check("GenerateDataKeyPair", "RSA_2048", "KeyPairSpec RSA_2048"),
    "GenerateDataKeyPair ECC NIST": Check("GenerateDataKeyPair", "ECC_NIST_P384", "KeyPairSpec ECC_NIST_P384"),
    "GenerateDataKeyPair ECC_SECG_P256K1": Check("GenerateDataKeyPair", "ECC_SECG_P256K1", "KeyPairSpec ECC_SECG_P256K1"),
    "GenerateDataKeyPair Ed25519": Check("GenerateDataKeyPair", "ECC_NIST_EDWARDS25519", "KeyPairSpec ECC_NIST_EDWARDS25519"),
    "GenerateDataKeyPair SM2": Check("GenerateDataKeyPair", "SM2", "KeyPairSpec SM2"),
    "GenerateDataKeyPair ML-KEM": Check("GenerateDataKeyPair", "ML_KEM_512", "KeyPairSpec ML_KEM_512"),
    # With an ML-KEM key of the Region (made where no rule stops it, as a replica or an
    # earlier picture of AWS would have it): a rule on its spec names the key's spec.
    "Encapsulate": Check("Encapsulate", "ML_KEM_768", "KeySpec ML_KEM_768"),
    "Decapsulate": Check("Decapsulate", "ML_KEM_768", "KeySpec ML_KEM_768"),
    "GetParametersForImport SM2": Check("GetParametersForImport", "SM2", "WrappingKeySpec SM2"),
    "GetParametersForImport RSA_2048": Check("GetParametersForImport", "RSA_2048", "WrappingKeySpec RSA_2048"),
}  # fmt: skip

# --- The facts a cell can hold ---------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """Allowed or refused, and why. A refusal names the operation (`by_operation`) when AWS
    documents the operation itself as unavailable, and the spec otherwise."""

    allowed: bool
    source: str
    by_operation: bool = False


_ASYMMETRIC_2020 = (
    "DGH 94bfa88 (2020-03-30) ... 63861bc (2021-06-17): asymmetric KMS keys and data "
    "key pairs in all Regions except China (Beijing) and China (Ningxia)"
)
_SM2 = (
    "MD CreateKey.KeySpec 'SM2 (China Regions only)'; MD GenerateDataKeyPair.KeyPairSpec 'The "
    "SM2 key spec is only available in China Regions'; DOCS importing-keys 'the SM2 wrapping "
    "key spec (China Regions only)'"
)

ANYWHERE = Fact(
    True,
    "symmetric encryption keys, RSA wrapping keys: no Region restriction in any document [DG23; MD]",
)
NO_RULES = Fact(True, "the none profile lifts every restriction")
ASYMMETRIC_OUTSIDE_CHINA_2020 = Fact(True, _ASYMMETRIC_2020)
NO_ASYMMETRIC_IN_CHINA_2020 = Fact(False, _ASYMMETRIC_2020)
HMAC_IS_SYMMETRIC_2020 = Fact(
    True, "the 2020-21 rules restrict asymmetric keys only: see DEVIATIONS"
)
SM2_OUTSIDE_CHINA = Fact(False, _SM2)
SM2_IN_CHINA = Fact(True, _SM2)
ASYMMETRIC_IN_CHINA = Fact(
    True,
    "DGH a3f6202 (2021-06-29): asymmetric keys in China Regions; since then all Regions [FS §7]",
)
ASYMMETRIC_OUTSIDE_CHINA = Fact(
    True,
    "MD CreateKey.KeySpec, GenerateDataKeyPair.KeyPairSpec: the only Region limits are SM2 (China only) and ML-KEM (not in China)",
)
HMAC_OUTSIDE_CHINA = Fact(True, "DG23 hmac.md (2022-07-08): all Regions except China")
HMAC_IN_CHINA = Fact(
    True,
    "CN What's New 2023-05-08 'Amazon Key Management Service introduces new HMAC API': available in China (Beijing) and China (Ningxia)",
)
ML_KEM_NOT_IN_CHINA = Fact(
    False,
    "MD CreateKey.KeySpec, GenerateDataKeyPair.KeyPairSpec: 'The ML-KEM key specs are not available in China Regions'",
)
ML_KEM_OPERATIONS_NOT_IN_CHINA = Fact(
    False,
    "MD Encapsulate, Decapsulate: 'The Encapsulate [Decapsulate] operation is not available in China Regions'",
    by_operation=True,
)
UNSETTLED_ALLOWED = Fact(True, "not refused by any document, not confirmed either: see DEVIATIONS")

# Short names for the grids below.
OK, NONE = ANYWHERE, NO_RULES
A20, N20, H20 = ASYMMETRIC_OUTSIDE_CHINA_2020, NO_ASYMMETRIC_IN_CHINA_2020, HMAC_IS_SYMMETRIC_2020
S_NO, S_OK = SM2_OUTSIDE_CHINA, SM2_IN_CHINA
A_OUT, A_CN = ASYMMETRIC_OUTSIDE_CHINA, ASYMMETRIC_IN_CHINA
H_OUT, H_CN = HMAC_OUTSIDE_CHINA, HMAC_IN_CHINA
K_NO, KOP_NO = ML_KEM_NOT_IN_CHINA, ML_KEM_OPERATIONS_NOT_IN_CHINA
UNSET = UNSETTLED_ALLOWED

# --- The cells: one row per check, one column per Region, in REGIONS order ----------------------

CELLS: Mapping[str, Mapping[str, tuple[Fact, ...]]] = {
    "default": {
        #                                       us-east-1 eu-west-1 us-gov-west-1 cn-north-1 cn-northwest-1
        "CreateKey symmetric":                  (OK,    OK,    OK,    OK,    OK),
        "CreateKey HMAC":                       (H20,   H20,   H20,   H20,   H20),
        "CreateKey RSA":                        (A20,   A20,   A20,   N20,   N20),
        "CreateKey ECC NIST":                   (A20,   A20,   A20,   N20,   N20),
        "CreateKey ECC_SECG_P256K1":            (A20,   A20,   A20,   N20,   N20),
        "CreateKey Ed25519":                    (A20,   A20,   A20,   N20,   N20),
        "CreateKey SM2":                        (S_NO,  S_NO,  S_NO,  N20,   N20),
        "CreateKey ML-DSA":                     (A20,   A20,   A20,   N20,   N20),
        "CreateKey ML-KEM":                     (A20,   A20,   A20,   N20,   N20),
        "GenerateDataKeyPair RSA":              (A20,   A20,   A20,   N20,   N20),
        "GenerateDataKeyPair ECC NIST":         (A20,   A20,   A20,   N20,   N20),
        "GenerateDataKeyPair ECC_SECG_P256K1":  (A20,   A20,   A20,   N20,   N20),
        "GenerateDataKeyPair Ed25519":          (A20,   A20,   A20,   N20,   N20),
        "GenerateDataKeyPair SM2":              (S_NO,  S_NO,  S_NO,  N20,   N20),
        "GenerateDataKeyPair ML-KEM":           (A20,   A20,   A20,   N20,   N20),
        "Encapsulate":                          (A20,   A20,   A20,   N20,   N20),
        "Decapsulate":                          (A20,   A20,   A20,   N20,   N20),
        "GetParametersForImport SM2":           (S_NO,  S_NO,  S_NO,  S_OK,  S_OK),
        "GetParametersForImport RSA_2048":      (OK,    OK,    OK,    OK,    OK),
    },
    "2026-11": {
        #                                       us-east-1 eu-west-1 us-gov-west-1 cn-north-1 cn-northwest-1
        "CreateKey symmetric":                  (OK,    OK,    OK,    OK,    OK),
        "CreateKey HMAC":                       (H_OUT, H_OUT, H_OUT, H_CN,  H_CN),
        "CreateKey RSA":                        (A_OUT, A_OUT, A_OUT, A_CN,  A_CN),
        "CreateKey ECC NIST":                   (A_OUT, A_OUT, A_OUT, A_CN,  A_CN),
        "CreateKey ECC_SECG_P256K1":            (A_OUT, A_OUT, A_OUT, A_CN,  A_CN),
        "CreateKey Ed25519":                    (A_OUT, A_OUT, UNSET, UNSET, UNSET),
        "CreateKey SM2":                        (S_NO,  S_NO,  S_NO,  S_OK,  S_OK),
        "CreateKey ML-DSA":                     (A_OUT, A_OUT, UNSET, UNSET, UNSET),
        "CreateKey ML-KEM":                     (A_OUT, A_OUT, A_OUT, K_NO,  K_NO),
        "GenerateDataKeyPair RSA":              (A_OUT, A_OUT, A_OUT, A_CN,  A_CN),
        "GenerateDataKeyPair ECC NIST":         (A_OUT, A_OUT, A_OUT, A_CN,  A_CN),
        "GenerateDataKeyPair ECC_SECG_P256K1":  (A_OUT, A_OUT, A_OUT, A_CN,  A_CN),
        "GenerateDataKeyPair Ed25519":          (A_OUT, A_OUT, UNSET, UNSET, UNSET),
        "GenerateDataKeyPair SM2":              (S_NO,  S_NO,  S_NO,  S_OK,  S_OK),
        "GenerateDataKeyPair ML-KEM":           (A_OUT, A_OUT, A_OUT, K_NO,  K_NO),
        "Encapsulate":                          (A_OUT, A_OUT, A_OUT, KOP_NO, KOP_NO),
        "Decapsulate":                          (A_OUT, A_OUT, A_OUT, KOP_NO, KOP_NO),
        "GetParametersForImport SM2":           (S_NO,  S_NO,  S_NO,  S_OK,  S_OK),
        "GetParametersForImport RSA_2048":      (OK,    OK,    OK,    OK,    OK),
    },
    "none": {
        #                                       us-east-1 eu-west-1 us-gov-west-1 cn-north-1 cn-northwest-1
        "CreateKey symmetric":                  (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey HMAC":                       (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey RSA":                        (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey ECC NIST":                   (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey ECC_SECG_P256K1":            (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey Ed25519":                    (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey SM2":                        (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey ML-DSA":                     (NONE,  NONE,  NONE,  NONE,  NONE),
        "CreateKey ML-KEM":                     (NONE,  NONE,  NONE,  NONE,  NONE),
        "GenerateDataKeyPair RSA":              (NONE,  NONE,  NONE,  NONE,  NONE),
        "GenerateDataKeyPair ECC NIST":         (NONE,  NONE,  NONE,  NONE,  NONE),
        "GenerateDataKeyPair ECC_SECG_P256K1":  (NONE,  NONE,  NONE,  NONE,  NONE),
        "GenerateDataKeyPair Ed25519":          (NONE,  NONE,  NONE,  NONE,  NONE),
        "GenerateDataKeyPair SM2":              (NONE,  NONE,  NONE,  NONE,  NONE),
        "GenerateDataKeyPair ML-KEM":           (NONE,  NONE,  NONE,  NONE,  NONE),
        "Encapsulate":                          (NONE,  NONE,  NONE,  NONE,  NONE),
        "Decapsulate":                          (NONE,  NONE,  NONE,  NONE,  NONE),
        "GetParametersForImport SM2":           (NONE,  NONE,  NONE,  NONE,  NONE),
        "GetParametersForImport RSA_2048":      (NONE,  NONE,  NONE,  NONE,  NONE),
    },
}  # fmt: skip

# --- Where the documents do not settle a cell ------------------------------------------------------

Cell = tuple[str, str, str]  # (profile, Region, check)


@dataclass(frozen=True)
class Deviation:
    """Cells that hold the fake's choice, because no document settles them."""

    cells: tuple[Cell, ...]
    reason: str
    source: str


def _cells(profile: str, regions: tuple[str, ...], checks: tuple[str, ...]) -> tuple[Cell, ...]:
    return tuple((profile, region, check) for region in regions for check in checks)


_CHINA = ("cn-north-1", "cn-northwest-1")
_GOVCLOUD = ("us-gov-west-1",)

DEVIATIONS: Mapping[str, Deviation] = {
    "hmac-under-the-2020-rules": Deviation(
        _cells("default", REGIONS, ("CreateKey HMAC",)),
        "HMAC keys came after the 2020-21 documents (2022-04), at first without China; the "
        "default profile keeps its reference's rules, which restrict asymmetric keys only, so "
        "it allows HMAC keys everywhere.",
        "FS §7 (HMAC launch 2022-04-19, all Regions but China from 2022-07-08); DGH aded448",
    ),
    "sm2-wrapping-keys-under-the-2020-rules": Deviation(
        _cells("default", _CHINA, ("GetParametersForImport SM2",)),
        "SM2 wrapping keys came long after the 2020-21 documents (China, 2024-05); the default "
        "profile's SM2 rule allows them in China, although its asymmetric rule leaves no SM2 "
        "KMS key there: a wrapping key is neither a KMS key nor a data key pair.",
        "FS §7 (import of asymmetric material, China 2024-05-22); DOCS importing-keys",
    ),
    "ml-dsa-and-ed25519-in-china-and-govcloud": Deviation(
        _cells("2026-11", _CHINA + _GOVCLOUD, ("CreateKey ML-DSA", "CreateKey Ed25519"))
        + _cells("2026-11", _CHINA + _GOVCLOUD, ("GenerateDataKeyPair Ed25519",)),
        "No document says whether ML-DSA (2025-06) and Ed25519 (2025-11) keys reached China or "
        "GovCloud. The model names Region limits for SM2 and ML-KEM only, and the China "
        "developer guide has an ML-DSA page, so the fake allows them; the ML-DSA launch post "
        "speaks of commercial Regions only.",
        "MD CreateKey.KeySpec; CN docs.amazonaws.cn/kms/latest/developerguide/mldsa.html; "
        "AWS Security Blog, ML-DSA launch (2025-06); FS §7 and §11 item 5 (UNVERIFIED)",
    ),
}
