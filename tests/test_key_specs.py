"""Every key spec and usage: what AWS allows, real cryptography that interoperates with code
outside the fake, and AWS's errors for everything else."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from typing import Any, Callable

import boto3
import documented_key_specs as documented
import pytest
from botocore.exceptions import ClientError
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

from pytest_kmsfake import KmsFake, mock_kms
from pytest_kmsfake._crypto import asymmetric as _asymmetric
from pytest_kmsfake._crypto import mlkem as _mlkem
from pytest_kmsfake._rules.model import service_model

ACCOUNT = "111122223333"
MODEL_SPECS = tuple(service_model().shape_for("KeySpec").enum)  # type: ignore[attr-defined]
# The documented key specs the installed cryptography can do (only ML-DSA may be missing).
SUPPORTED = [
    s for s in documented.KEY_SPECS if not s.startswith("ML_") or _asymmetric.backend_supports(s)
]


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[Any, KmsFake, dict[tuple[str, str], str]]]:
    """One fake for the module, with one key per (spec, usage), made on first use."""
    with mock_kms(region_profile="none", check_at_teardown=False) as fake:
        client = boto3.client("kms", region_name="us-east-1")
        yield client, fake, {}


def _key(shared: Any, spec: str, usage: str) -> str:
    client, _, keys = shared
    if (spec, usage) not in keys:
        keys[(spec, usage)] = client.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"][
            "KeyId"
        ]
    return keys[(spec, usage)]


# CreateKey's spec x usage matrix and DescribeKey's algorithm lists: test_documented_key_specs.py


def test_describe_key_of_an_rsa_key_has_a_customer_master_key_spec(shared: Any) -> None:
    metadata = shared[0].describe_key(KeyId=_key(shared, "RSA_2048", "SIGN_VERIFY"))["KeyMetadata"]
    assert metadata["CustomerMasterKeySpec"] == "RSA_2048"  # [EX]
    assert "CurrentKeyMaterialId" not in metadata


def test_newer_specs_have_no_customer_master_key_spec(shared: Any) -> None:
    metadata = shared[0].describe_key(KeyId=_key(shared, "ECC_NIST_EDWARDS25519", "SIGN_VERIFY"))
    assert "CustomerMasterKeySpec" not in metadata["KeyMetadata"]


# --- usage enforcement: AWS's recorded messages -------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "usage", "call"),
    [
        ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", lambda c, k: c.generate_mac(KeyId=k, Message=b"m", MacAlgorithm="HMAC_SHA_256")),
        ("HMAC_256", "GENERATE_VERIFY_MAC", lambda c, k: c.sign(KeyId=k, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")),
        ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", lambda c, k: c.verify(KeyId=k, Message=b"m", Signature=b"s", SigningAlgorithm="ECDSA_SHA_256")),
        ("ECC_NIST_P256", "SIGN_VERIFY", lambda c, k: c.encrypt(KeyId=k, Plaintext=b"m")),
        ("ECC_NIST_P256", "SIGN_VERIFY", lambda c, k: c.derive_shared_secret(KeyId=k, KeyAgreementAlgorithm="ECDH", PublicKey=b"p")),
        ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", lambda c, k: c.derive_shared_secret(KeyId=k, KeyAgreementAlgorithm="ECDH", PublicKey=b"p")),
    ],
    ids=["GenerateMac-on-ED", "Sign-on-MAC", "Verify-on-ED", "Encrypt-on-SV", "Derive-on-SV", "Derive-on-ED"],
)  # fmt: skip
def test_wrong_usage_aws_message(shared: Any, spec: str, usage: str, call: Any) -> None:
    key = _key(shared, spec, usage)
    operation = {
        "GenerateMac-on-ED": "GenerateMac", "Sign-on-MAC": "Sign", "Verify-on-ED": "Verify",
        "Encrypt-on-SV": "Encrypt", "Derive-on-SV": "DeriveSharedSecret",
        "Derive-on-ED": "DeriveSharedSecret",
    }  # fmt: skip
    error = _error(lambda: call(shared[0], key))
    assert error["Code"] == "InvalidKeyUsageException"
    name = next(v for k, v in operation.items() if error["Message"].endswith(f"{v}."))
    assert error["Message"] == (
        f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key} key usage is {usage} which is not valid "
        f"for {name}."
    )


@pytest.mark.parametrize(
    ("spec", "algorithm"), [("HMAC_224", "HMAC_SHA_256"), ("HMAC_256", "HMAC_SHA_512")]
)
def test_mac_algorithm_of_another_spec_aws_message(shared: Any, spec: str, algorithm: str) -> None:
    key = _key(shared, spec, "GENERATE_VERIFY_MAC")
    assert _error(
        lambda: shared[0].generate_mac(KeyId=key, Message=b"m", MacAlgorithm=algorithm)
    ) == {
        "Code": "InvalidKeyUsageException",
        "Message": f"Algorithm {algorithm} is incompatible with key spec {spec}.",
    }


def test_encrypt_with_an_rsa_key_needs_an_algorithm(shared: Any) -> None:
    key = _key(shared, "RSA_4096", "ENCRYPT_DECRYPT")
    assert _error(lambda: shared[0].encrypt(KeyId=key, Plaintext=b"m")) == {
        "Code": "InvalidKeyUsageException",
        "Message": "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.",
    }


def test_data_keys_only_under_symmetric_keys(shared: Any) -> None:
    key = _key(shared, "RSA_2048", "ENCRYPT_DECRYPT")
    error = _error(lambda: shared[0].generate_data_key(KeyId=key, KeySpec="AES_256"))
    assert error["Code"] == "InvalidKeyUsageException"


# --- Sign / Verify ---------------------------------------------------------------------------

SIGNING_CASES = [
    (spec, algorithm)
    for spec in SUPPORTED
    if "SIGN_VERIFY" in documented.KEY_SPECS[spec].usages
    for algorithm in documented.KEY_SPECS[spec].usages["SIGN_VERIFY"]
]


def _offline_public(client: Any, key: str) -> Any:
    return serialization.load_der_public_key(client.get_public_key(KeyId=key)["PublicKey"])


def _hash(algorithm: str) -> hashes.HashAlgorithm:
    return {"256": hashes.SHA256(), "384": hashes.SHA384(), "512": hashes.SHA512()}[algorithm[-3:]]


def _verify_offline(public: Any, algorithm: str, message: bytes, signature: bytes) -> None:
    """How code outside KMS verifies a KMS signature, with `cryptography` alone."""
    if algorithm.startswith("RSASSA_PSS"):
        digest = _hash(algorithm)
        pss = padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)
        public.verify(signature, message, pss, digest)
    elif algorithm.startswith("RSASSA_PKCS1"):
        public.verify(signature, message, padding.PKCS1v15(), _hash(algorithm))
    elif algorithm.startswith("ECDSA"):
        public.verify(signature, message, ec.ECDSA(_hash(algorithm)))
    elif algorithm == "ED25519_SHA_512":
        public.verify(signature, message)
    else:
        pytest.skip(f"no offline verifier for {algorithm} in cryptography")


@pytest.mark.parametrize(("spec", "algorithm"), SIGNING_CASES)
def test_sign_verifies_offline_and_inside(shared: Any, spec: str, algorithm: str) -> None:
    client = shared[0]
    key = _key(shared, spec, "SIGN_VERIFY")
    message = b"a message to sign"
    message_type = "RAW"
    if "RAW" not in documented.SIGNING_ALGORITHMS[algorithm].message_types:  # ED25519_PH_SHA_512
        message_type, message = "DIGEST", hashlib.sha512(message).digest()
    response = client.sign(
        KeyId=key, Message=message, MessageType=message_type, SigningAlgorithm=algorithm
    )
    assert response["KeyId"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key}"
    assert response["SigningAlgorithm"] == algorithm
    verified = client.verify(
        KeyId=key,
        Message=message,
        MessageType=message_type,
        Signature=response["Signature"],
        SigningAlgorithm=algorithm,
    )
    assert verified["SignatureValid"] is True
    if message_type == "RAW" and not algorithm.startswith(("SM2", "ML_DSA")):
        # cryptography verifies everything but SM2 (no curve) and ML-DSA (tested in
        # tests/test_asymmetric.py against cryptography's own ML-DSA)
        _verify_offline(_offline_public(client, key), algorithm, message, response["Signature"])


@pytest.mark.parametrize(
    ("spec", "algorithm"), [c for c in SIGNING_CASES if c[1].startswith(("RSASSA", "ECDSA"))]
)
def test_digest_signatures_and_offline_signatures_verify_inside(
    shared: Any, spec: str, algorithm: str
) -> None:
    client = shared[0]
    key = _key(shared, spec, "SIGN_VERIFY")
    message = b"signed outside, checked inside"
    digest = hashlib.new(_hash(algorithm).name, message).digest()
    signature = client.sign(
        KeyId=key, Message=digest, MessageType="DIGEST", SigningAlgorithm=algorithm
    )["Signature"]
    _verify_offline(_offline_public(client, key), algorithm, message, signature)
    # The other direction needs the private key: sign with it offline, verify in the fake.
    _, fake, _ = shared
    private = serialization.load_der_private_key(fake.key(key).materials[0].secret, None)
    if algorithm.startswith("ECDSA"):
        offline = private.sign(message, ec.ECDSA(_hash(algorithm)))  # type: ignore[call-arg,union-attr]
    elif algorithm.startswith("RSASSA_PSS"):
        pss = padding.PSS(
            mgf=padding.MGF1(_hash(algorithm)), salt_length=_hash(algorithm).digest_size
        )
        offline = private.sign(message, pss, _hash(algorithm))  # type: ignore[call-arg,union-attr]
    else:
        offline = private.sign(message, padding.PKCS1v15(), _hash(algorithm))  # type: ignore[call-arg,union-attr]
    assert client.verify(
        KeyId=key,
        Message=digest,
        MessageType="DIGEST",
        Signature=offline,
        SigningAlgorithm=algorithm,
    )["SignatureValid"]


@pytest.mark.parametrize(
    ("spec", "algorithm"),
    [("ECC_NIST_P256", "ECDSA_SHA_256"), ("ECC_NIST_P384", "ECDSA_SHA_384"), ("RSA_2048", "RSASSA_PSS_SHA_256"),
     ("RSA_2048", "RSASSA_PSS_SHA_384"), ("RSA_2048", "RSASSA_PSS_SHA_512"),
     ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256"), ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512")],
)  # fmt: skip
def test_wrong_digest_length_aws_message(shared: Any, spec: str, algorithm: str) -> None:
    key = _key(shared, spec, "SIGN_VERIFY")

    def call() -> Any:
        return shared[0].sign(
            KeyId=key, Message=b"x" * 20, MessageType="DIGEST", SigningAlgorithm=algorithm
        )

    assert _error(call) == {
        "Code": "ValidationException",
        "Message": f"Digest is invalid length for algorithm {algorithm}.",
    }


def test_a_bad_signature_is_kms_invalid_signature_with_no_message(shared: Any) -> None:
    client = shared[0]
    key = _key(shared, "ECC_NIST_P256", "SIGN_VERIFY")
    with pytest.raises(client.exceptions.KMSInvalidSignatureException) as info:
        client.verify(
            KeyId=key,
            Message=b"m",
            Signature=b"\x30\x06\x02\x01\x01\x02\x01\x01",
            SigningAlgorithm="ECDSA_SHA_256",
        )
    assert info.value.response["Error"]["Message"] == ""
    assert "message" not in info.value.response


def test_signing_algorithm_the_spec_lacks(shared: Any) -> None:
    key = _key(shared, "ECC_NIST_P256", "SIGN_VERIFY")
    assert _error(
        lambda: shared[0].sign(KeyId=key, Message=b"m", SigningAlgorithm="ECDSA_SHA_512")
    ) == {
        "Code": "InvalidKeyUsageException",
        "Message": "Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_P256.",
    }


# --- GetPublicKey ---------------------------------------------------------------------------


def test_get_public_key(shared: Any) -> None:
    client = shared[0]
    key = _key(shared, "RSA_3072", "ENCRYPT_DECRYPT")
    response = client.get_public_key(KeyId=key)
    public = serialization.load_der_public_key(response["PublicKey"])
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 3072
    assert response["KeySpec"] == response["CustomerMasterKeySpec"] == "RSA_3072"
    assert response["EncryptionAlgorithms"] == ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]
    assert response["KeyUsage"] == "ENCRYPT_DECRYPT" and "SigningAlgorithms" not in response


@pytest.mark.parametrize(
    ("spec", "usage"),
    [("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"), ("HMAC_256", "GENERATE_VERIFY_MAC")],
)
def test_no_public_key_for_symmetric_or_hmac_keys(shared: Any, spec: str, usage: str) -> None:
    key = _key(shared, spec, usage)
    assert (
        _error(lambda: shared[0].get_public_key(KeyId=key))["Code"]
        == "UnsupportedOperationException"
    )


# --- asymmetric Encrypt / Decrypt ----------------------------------------------------------


@pytest.mark.parametrize("spec", ["RSA_2048", "RSA_3072", "RSA_4096"])
@pytest.mark.parametrize(
    ("algorithm", "digest"),
    [("RSAES_OAEP_SHA_1", hashes.SHA1), ("RSAES_OAEP_SHA_256", hashes.SHA256)],
)
def test_rsa_oaep_interoperates_and_enforces_aws_limits(
    shared: Any, spec: str, algorithm: str, digest: Any
) -> None:
    client = shared[0]
    key = _key(shared, spec, "ENCRYPT_DECRYPT")
    limit = documented.MAX_PLAINTEXT_BYTES[(spec, algorithm)]
    oaep = padding.OAEP(mgf=padding.MGF1(digest()), algorithm=digest(), label=None)
    offline = _offline_public(client, key).encrypt(b"made outside", oaep)
    assert (
        client.decrypt(CiphertextBlob=offline, KeyId=key, EncryptionAlgorithm=algorithm)[
            "Plaintext"
        ]
        == b"made outside"
    )
    inside = client.encrypt(KeyId=key, Plaintext=b"m" * limit, EncryptionAlgorithm=algorithm)
    assert inside["EncryptionAlgorithm"] == algorithm
    _, fake, _ = shared
    private = serialization.load_der_private_key(fake.key(key).materials[0].secret, None)
    assert private.decrypt(inside["CiphertextBlob"], oaep) == b"m" * limit  # type: ignore[union-attr]
    assert _error(
        lambda: client.encrypt(
            KeyId=key, Plaintext=b"m" * (limit + 1), EncryptionAlgorithm=algorithm
        )
    ) == {
        "Code": "ValidationException",
        "Message": f"Algorithm {algorithm} and key spec {spec} cannot encrypt data larger than {limit} bytes.",
    }


def test_asymmetric_decrypt_needs_the_key_and_the_algorithm(shared: Any) -> None:
    client = shared[0]
    key = _key(shared, "RSA_2048", "ENCRYPT_DECRYPT")
    blob = client.encrypt(KeyId=key, Plaintext=b"m", EncryptionAlgorithm="RSAES_OAEP_SHA_256")[
        "CiphertextBlob"
    ]
    assert (
        _error(lambda: client.decrypt(CiphertextBlob=blob))["Code"] == "InvalidCiphertextException"
    )
    # Without an algorithm KMS reads the ciphertext as symmetric first, as measured against
    # KMS (2026): not "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048."
    assert _error(lambda: client.decrypt(CiphertextBlob=blob, KeyId=key)) == {
        "Code": "InvalidCiphertextException",
        "Message": "",
    }
    wrong = _error(
        lambda: client.decrypt(
            CiphertextBlob=blob, KeyId=key, EncryptionAlgorithm="RSAES_OAEP_SHA_1"
        )
    )
    assert wrong["Code"] == "InvalidCiphertextException"
    response = client.decrypt(
        CiphertextBlob=blob, KeyId=key, EncryptionAlgorithm="RSAES_OAEP_SHA_256"
    )
    assert "KeyMaterialId" not in response


def test_re_encrypt_between_symmetric_and_rsa(shared: Any) -> None:
    client = shared[0]
    rsa_key = _key(shared, "RSA_2048", "ENCRYPT_DECRYPT")
    symmetric = _key(shared, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")
    blob = client.encrypt(KeyId=symmetric, Plaintext=b"move")["CiphertextBlob"]
    moved = client.re_encrypt(
        CiphertextBlob=blob,
        DestinationKeyId=rsa_key,
        DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_256",
    )
    assert moved["DestinationEncryptionAlgorithm"] == "RSAES_OAEP_SHA_256"
    assert "DestinationKeyMaterialId" not in moved and "SourceKeyMaterialId" in moved
    back = client.re_encrypt(
        CiphertextBlob=moved["CiphertextBlob"],
        SourceKeyId=rsa_key,
        SourceEncryptionAlgorithm="RSAES_OAEP_SHA_256",
        DestinationKeyId=symmetric,
    )
    assert back["SourceEncryptionAlgorithm"] == "RSAES_OAEP_SHA_256"
    assert client.decrypt(CiphertextBlob=back["CiphertextBlob"])["Plaintext"] == b"move"


def test_sm2pke_round_trip(shared: Any) -> None:
    client = shared[0]
    key = _key(shared, "SM2", "ENCRYPT_DECRYPT")
    blob = client.encrypt(KeyId=key, Plaintext=b"sm2", EncryptionAlgorithm="SM2PKE")[
        "CiphertextBlob"
    ]
    assert (
        client.decrypt(CiphertextBlob=blob, KeyId=key, EncryptionAlgorithm="SM2PKE")["Plaintext"]
        == b"sm2"
    )


# --- data key pairs ----------------------------------------------------------------------------

PAIR_SPECS = [s for s in service_model().shape_for("DataKeyPairSpec").enum if s in SUPPORTED]  # type: ignore[attr-defined]


@pytest.mark.parametrize("pair_spec", PAIR_SPECS)
def test_generate_data_key_pair(shared: Any, pair_spec: str) -> None:
    client = shared[0]
    key = _key(shared, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")
    pair = client.generate_data_key_pair(
        KeyId=key, KeyPairSpec=pair_spec, EncryptionContext={"p": "q"}
    )
    assert pair["KeyPairSpec"] == pair_spec
    assert _asymmetric.public_key_der(pair_spec, pair["PrivateKeyPlaintext"]) == pair["PublicKey"]
    decrypted = client.decrypt(
        CiphertextBlob=pair["PrivateKeyCiphertextBlob"], EncryptionContext={"p": "q"}
    )
    assert decrypted["Plaintext"] == pair["PrivateKeyPlaintext"]
    if pair_spec != "SM2" and not pair_spec.startswith("ML_KEM"):
        serialization.load_der_private_key(pair["PrivateKeyPlaintext"], None)  # plain PKCS#8
    without = client.generate_data_key_pair_without_plaintext(KeyId=key, KeyPairSpec=pair_spec)
    assert "PrivateKeyPlaintext" not in without and without["PublicKey"] != pair["PublicKey"]


# --- HMAC ------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"])
def test_generate_and_verify_mac(shared: Any, spec: str) -> None:
    client = shared[0]
    key = _key(shared, spec, "GENERATE_VERIFY_MAC")
    algorithm = f"HMAC_SHA_{spec[5:]}"
    mac = client.generate_mac(KeyId=key, Message=b"m", MacAlgorithm=algorithm)
    assert len(mac["Mac"]) == int(spec[5:]) // 8 and mac["MacAlgorithm"] == algorithm
    expected = hmac.new(shared[1].key(key).materials[0].secret, b"m", f"sha{spec[5:]}").digest()
    assert mac["Mac"] == expected  # an RFC 2104 HMAC anyone with the key can compute
    assert client.verify_mac(KeyId=key, Message=b"m", MacAlgorithm=algorithm, Mac=mac["Mac"])[
        "MacValid"
    ]
    with pytest.raises(client.exceptions.KMSInvalidMacException) as info:
        client.verify_mac(KeyId=key, Message=b"other", MacAlgorithm=algorithm, Mac=mac["Mac"])
    assert info.value.response["Error"]["Message"] == ""


# --- key agreement and key encapsulation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "curve"),
    [
        ("ECC_NIST_P256", ec.SECP256R1),
        ("ECC_NIST_P384", ec.SECP384R1),
        ("ECC_NIST_P521", ec.SECP521R1),
    ],
)
def test_derive_shared_secret_equals_an_offline_exchange(
    shared: Any, spec: str, curve: Any
) -> None:
    client = shared[0]
    key = _key(shared, spec, "KEY_AGREEMENT")
    peer = ec.generate_private_key(curve())
    peer_public = peer.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    response = client.derive_shared_secret(
        KeyId=key, KeyAgreementAlgorithm="ECDH", PublicKey=peer_public
    )
    offline = peer.exchange(ec.ECDH(), _offline_public(client, key))
    assert response["SharedSecret"] == offline
    assert (response["KeyAgreementAlgorithm"], response["KeyOrigin"]) == ("ECDH", "AWS_KMS")


def test_derive_shared_secret_with_a_bad_public_key(shared: Any) -> None:
    key = _key(shared, "ECC_NIST_P256", "KEY_AGREEMENT")
    other_curve = (
        ec.generate_private_key(ec.SECP384R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    for public in (b"garbage", other_curve):
        error = _error(
            lambda public=public: shared[0].derive_shared_secret(
                KeyId=key, KeyAgreementAlgorithm="ECDH", PublicKey=public
            )
        )
        assert error == {"Code": "ValidationException", "Message": ""}


ML_KEM = [
    s for s in ("ML_KEM_512", "ML_KEM_768", "ML_KEM_1024") if s in SUPPORTED and s in MODEL_SPECS
]


@pytest.mark.parametrize("spec", ML_KEM)
def test_encapsulation_interoperates(shared: Any, spec: str) -> None:
    client = shared[0]
    key = _key(shared, spec, "ENCAPSULATE_DECAPSULATE")
    inside = client.encapsulate(KeyId=key, EncapsulationAlgorithm="ML_KEM")
    assert len(inside["SharedSecret"]) == 32
    again = client.decapsulate(
        KeyId=key,
        SharedSecretCiphertextBlob=inside["SharedSecretCiphertextBlob"],
        EncapsulationAlgorithm="ML_KEM",
    )
    assert again["SharedSecret"] == inside["SharedSecret"]
    public_der = client.get_public_key(KeyId=key)["PublicKey"]
    try:
        public = serialization.load_der_public_key(public_der)
    except (UnsupportedAlgorithm, ValueError):  # cryptography lacks it: pure Python (test_mlkem.py)
        public = _mlkem.load_public_key(_mlkem.PARAMS[int(spec[7:])], public_der)  # type: ignore[assignment]
    shared_secret, ciphertext = public.encapsulate()  # type: ignore[union-attr]
    assert (
        client.decapsulate(
            KeyId=key, SharedSecretCiphertextBlob=ciphertext, EncapsulationAlgorithm="ML_KEM"
        )["SharedSecret"]
        == shared_secret
    )
    error = _error(
        lambda: client.decapsulate(
            KeyId=key, SharedSecretCiphertextBlob=b"short", EncapsulationAlgorithm="ML_KEM"
        )
    )
    assert error["Code"] == "InvalidCiphertextException"


def test_ed25519_signature_is_plain_rfc8032(shared: Any) -> None:
    client = shared[0]
    key = _key(shared, "ECC_NIST_EDWARDS25519", "SIGN_VERIFY")
    signature = client.sign(KeyId=key, Message=b"jwt", SigningAlgorithm="ED25519_SHA_512")[
        "Signature"
    ]
    public = _offline_public(client, key)
    assert isinstance(public, ed25519.Ed25519PublicKey) and len(signature) == 64
    public.verify(signature, b"jwt")


@pytest.mark.parametrize(
    ("spec", "algorithm", "message_type", "message"),
    [
        (
            "ECC_NIST_EDWARDS25519",
            "ED25519_SHA_512",
            "DIGEST",
            "Message type DIGEST is incompatible with algorithm ED25519_SHA_512.",
        ),
        (
            "ECC_NIST_EDWARDS25519",
            "ED25519_PH_SHA_512",
            "RAW",
            "Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.",
        ),
        (
            "ML_DSA_44",
            "ML_DSA_SHAKE_256",
            "DIGEST",
            "Message type DIGEST is incompatible with key spec ML_DSA_44.",
        ),
    ],
)
def test_a_message_type_the_algorithm_refuses(
    shared: Any, spec: str, algorithm: str, message_type: str, message: str
) -> None:
    """AWS's texts as measured against KMS (2026): ML-DSA names the key spec, Ed25519 the
    algorithm."""
    if spec not in SUPPORTED:
        pytest.skip(f"the installed cryptography has no {spec}")
    client = shared[0]
    key = _key(shared, spec, "SIGN_VERIFY")
    params = {
        "KeyId": key,
        "Message": b"x" * 64,
        "MessageType": message_type,
        "SigningAlgorithm": algorithm,
    }
    refused = {"Code": "ValidationException", "Message": message}
    assert _error(lambda: client.sign(**params)) == refused
    assert _error(lambda: client.verify(Signature=b"s" * 64, **params)) == refused


def test_prehashed_ecdsa_matches_utils_prehashed(shared: Any) -> None:
    client = shared[0]
    key = _key(shared, "ECC_SECG_P256K1", "SIGN_VERIFY")
    digest = hashlib.sha256(b"bitcoin").digest()
    signature = client.sign(
        KeyId=key, Message=digest, MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256"
    )["Signature"]
    _offline_public(client, key).verify(
        signature, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256()))
    )


def test_key_usage_is_checked_before_the_key_state(shared: Any) -> None:
    """As measured against KMS (2026): a key of the wrong usage is refused for its usage even
    while it is disabled or pending deletion."""
    client = shared[0]
    hmac_key = client.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    hmac_id = hmac_key["KeyMetadata"]["KeyId"]
    client.disable_key(KeyId=hmac_id)
    error = _error(
        lambda: client.sign(KeyId=hmac_id, Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256")
    )
    assert error == {
        "Code": "InvalidKeyUsageException",
        "Message": f"{hmac_key['KeyMetadata']['Arn']} key usage is GENERATE_VERIFY_MAC which is "
        "not valid for Sign.",
    }
    client.schedule_key_deletion(KeyId=hmac_id, PendingWindowInDays=7)
    assert (
        _error(
            lambda: client.sign(KeyId=hmac_id, Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256")
        )["Code"]
        == "InvalidKeyUsageException"
    )


def test_data_keys_from_an_asymmetric_key(shared: Any) -> None:
    """AWS's text as measured against KMS (2026); the key state comes first."""
    client = shared[0]
    rsa = client.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    refused = {
        "Code": "InvalidKeyUsageException",
        "Message": "You cannot generate a data key with an asymmetric CMK",
    }
    assert _error(lambda: client.generate_data_key(KeyId=rsa["KeyId"], KeySpec="AES_256")) == (
        refused
    )
    assert (
        _error(
            lambda: client.generate_data_key_without_plaintext(KeyId=rsa["KeyId"], NumberOfBytes=32)
        )
        == refused
    )
    client.disable_key(KeyId=rsa["KeyId"])
    assert _error(lambda: client.generate_data_key(KeyId=rsa["KeyId"], KeySpec="AES_256")) == {
        "Code": "DisabledException",
        "Message": f"{rsa['Arn']} is disabled.",
    }


def test_data_key_size_is_checked_after_the_lookup_and_before_the_state(shared: Any) -> None:
    """'Please specify either number of bytes or key spec.', as measured against KMS (2026)."""
    client = shared[0]
    key = client.create_key()["KeyMetadata"]["KeyId"]
    client.disable_key(KeyId=key)
    either = {
        "Code": "ValidationException",
        "Message": "Please specify either number of bytes or key spec.",
    }
    assert _error(lambda: client.generate_data_key(KeyId=key)) == either
    assert (
        _error(lambda: client.generate_data_key(KeyId=key, KeySpec="AES_256", NumberOfBytes=32))
        == either
    )
    missing = "00000000-0000-4000-8000-000000000000"
    assert _error(lambda: client.generate_data_key(KeyId=missing))["Code"] == "NotFoundException"
