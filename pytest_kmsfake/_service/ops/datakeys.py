"""GenerateDataKey(WithoutPlaintext), GenerateDataKeyPair(WithoutPlaintext), GenerateRandom."""

from __future__ import annotations

import os
from typing import Any

from ..._crypto import asymmetric as asym
from ..._crypto import material as _material
from ..._rules import errors
from ..._rules.key_specs import SYMMETRIC_DEFAULT
from ..._rules.limits import AES_DATA_KEY_BYTES
from ..._rules.regions import check_key_spec
from ..._state.keystores import random_source
from ..context import CallContext
from ..resolve import find_key, resolve_key
from ._crypto_errors import as_aws_errors
from ._registry import Output, Params, operation, refuse_recipient, stop_if_dry_run
from .crypto import encrypt_with


def _data_key_length(params: Params) -> int:
    spec, count = params.get("KeySpec"), params.get("NumberOfBytes")
    if (spec is None) == (count is None):
        # Measured against KMS (2026), after the key lookup and before its state and usage.
        raise errors.validation("Please specify either number of bytes or key spec.")
    return AES_DATA_KEY_BYTES[spec] if spec is not None else int(count)  # type: ignore[arg-type]


def _generate_data_key(ctx: CallContext, params: Params) -> Output:
    refuse_recipient(params, ctx.operation)
    find_key(ctx, params["KeyId"])  # a missing key is reported first
    length = _data_key_length(params)
    key = resolve_key(ctx, params["KeyId"])
    stop_if_dry_run(params)
    plaintext = os.urandom(length)
    context = params.get("EncryptionContext", {})
    blob, material_id = encrypt_with(key, SYMMETRIC_DEFAULT, plaintext, context)
    return {
        "CiphertextBlob": blob,
        "Plaintext": plaintext,
        "KeyId": key.arn,
        "KeyMaterialId": material_id,
    }


@operation("GenerateDataKey")
def generate_data_key(ctx: CallContext, params: Params) -> Output:
    return _generate_data_key(ctx, params)


@operation("GenerateDataKeyWithoutPlaintext")
def generate_data_key_without_plaintext(ctx: CallContext, params: Params) -> Output:
    output = _generate_data_key(ctx, params)
    del output["Plaintext"]
    return output


def _generate_data_key_pair(ctx: CallContext, params: Params) -> Output:
    refuse_recipient(params, ctx.operation)
    key = resolve_key(ctx, params["KeyId"])
    pair_spec = params["KeyPairSpec"]
    check_key_spec(ctx.options.rules, ctx.region, pair_spec, f"KeyPairSpec {pair_spec}")
    if not asym.backend_supports(pair_spec):
        raise errors.UnsupportedByFake(
            f"KeyPairSpec {pair_spec} (the installed cryptography package lacks it)"
        )
    stop_if_dry_run(params)
    # A pair is generated for the caller, like AWS; the key pool keeps RSA cheap.
    private = _material.generate(pair_spec)
    with as_aws_errors(pair_spec):
        public = asym.public_key_der(pair_spec, private)
    context = params.get("EncryptionContext", {})
    blob, material_id = encrypt_with(key, SYMMETRIC_DEFAULT, private, context)
    output: dict[str, Any] = {
        "PrivateKeyCiphertextBlob": blob,
        "PrivateKeyPlaintext": private,
        "PublicKey": public,
        "KeyId": key.arn,
        "KeyPairSpec": pair_spec,
        "KeyMaterialId": material_id,
    }
    return output


@operation("GenerateDataKeyPair")
def generate_data_key_pair(ctx: CallContext, params: Params) -> Output:
    return _generate_data_key_pair(ctx, params)


@operation("GenerateDataKeyPairWithoutPlaintext")
def generate_data_key_pair_without_plaintext(ctx: CallContext, params: Params) -> Output:
    output = _generate_data_key_pair(ctx, params)
    del output["PrivateKeyPlaintext"]
    return output


@operation("GenerateRandom")
def generate_random(ctx: CallContext, params: Params) -> Output:
    refuse_recipient(params, "GenerateRandom")
    if "CustomKeyStoreId" in params:  # random bytes from a connected CloudHSM key store [MD]
        random_source(ctx.here, params["CustomKeyStoreId"])
    count: Any = params.get("NumberOfBytes")
    if count is None:
        raise errors.validation("NumberOfBytes is required.")
    return {"Plaintext": os.urandom(count)}
