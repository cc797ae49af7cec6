"""DeriveSharedSecret (ECDH on KEY_AGREEMENT keys) and Encapsulate/Decapsulate (ML-KEM)."""

from __future__ import annotations

from ..._crypto import asymmetric as asym
from ..context import CallContext
from ..resolve import check_algorithm, resolve_key, usable_material
from ._crypto_errors import as_aws_errors
from ._registry import Output, Params, operation, refuse_recipient, stop_if_dry_run


@operation("DeriveSharedSecret")
def derive_shared_secret(ctx: CallContext, params: Params) -> Output:
    refuse_recipient(params, "DeriveSharedSecret")
    key = resolve_key(ctx, params["KeyId"])
    algorithm = check_algorithm(key, params["KeyAgreementAlgorithm"])
    with as_aws_errors(key.key_spec):
        secret = asym.derive_shared_secret(
            key.key_spec, usable_material(key).secret, params["PublicKey"]
        )
    stop_if_dry_run(params)
    return {
        "KeyId": key.arn,
        "SharedSecret": secret,
        "KeyAgreementAlgorithm": algorithm,
        "KeyOrigin": key.origin,
    }


@operation("Encapsulate")
def encapsulate(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    algorithm = check_algorithm(key, params["EncapsulationAlgorithm"])
    stop_if_dry_run(params)
    with as_aws_errors(key.key_spec):
        public = asym.public_key_der(key.key_spec, usable_material(key).secret)
        ciphertext, shared = asym.encapsulate(key.key_spec, public)
    return {
        "KeyId": key.arn,
        "SharedSecret": shared,
        "SharedSecretCiphertextBlob": ciphertext,
        "EncapsulationAlgorithm": algorithm,
    }


@operation("Decapsulate")
def decapsulate(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    algorithm = check_algorithm(key, params["EncapsulationAlgorithm"])
    with as_aws_errors(key.key_spec):
        shared = asym.decapsulate(
            key.key_spec, usable_material(key).secret, params["SharedSecretCiphertextBlob"]
        )
    stop_if_dry_run(params)
    return {"KeyId": key.arn, "SharedSecret": shared, "EncapsulationAlgorithm": algorithm}
