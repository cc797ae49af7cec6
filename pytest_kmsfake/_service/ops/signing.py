"""Sign, Verify and GetPublicKey, on asymmetric SIGN_VERIFY keys (and the public half of any
asymmetric key)."""

from __future__ import annotations

from typing import Any

from ..._crypto import asymmetric as asym
from ..._rules import errors
from ..._rules.key_specs import ALGORITHM_FIELD_BY_USAGE, KEY_SPECS
from ..._state.store import Key
from ..context import CallContext
from ..resolve import check_algorithm, resolve_key, usable_material
from ._crypto_errors import as_aws_errors
from ._metadata import legacy_spec
from ._registry import Output, Params, operation, stop_if_dry_run


def _signing_call(ctx: CallContext, params: Params) -> tuple[Key, str, str]:
    """The key, algorithm and message type of a Sign or Verify call, all checked."""
    key = resolve_key(ctx, params["KeyId"])
    algorithm = check_algorithm(key, params["SigningAlgorithm"])
    message_type = params.get("MessageType", "RAW")
    with as_aws_errors(key.key_spec):
        asym.check_message(algorithm, params["Message"], message_type)
    stop_if_dry_run(params)
    return key, algorithm, message_type


@operation("Sign")
def sign(ctx: CallContext, params: Params) -> Output:
    key, algorithm, message_type = _signing_call(ctx, params)
    with as_aws_errors(key.key_spec):
        secret = usable_material(key).secret
        signature = asym.sign(key.key_spec, secret, algorithm, params["Message"], message_type)
    return {"KeyId": key.arn, "Signature": signature, "SigningAlgorithm": algorithm}


@operation("Verify")
def verify(ctx: CallContext, params: Params) -> Output:
    key, algorithm, message_type = _signing_call(ctx, params)
    with as_aws_errors(key.key_spec):
        valid = asym.verify(
            key.key_spec,
            usable_material(key).secret,
            algorithm,
            params["Message"],
            message_type,
            params["Signature"],
        )
    if not valid:
        raise errors.KmsError("KMSInvalidSignatureException", None)  # no message [LS]
    return {"KeyId": key.arn, "SignatureValid": True, "SigningAlgorithm": algorithm}


@operation("GetPublicKey")
def get_public_key(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])  # asymmetric keys only (its row's `families`)
    with as_aws_errors(key.key_spec):
        public = asym.public_key_der(key.key_spec, usable_material(key).secret)
    output: dict[str, Any] = {
        "KeyId": key.arn,
        "PublicKey": public,
        "CustomerMasterKeySpec": legacy_spec(key.key_spec),
        "KeySpec": key.key_spec,
        "KeyUsage": key.key_usage,
        ALGORITHM_FIELD_BY_USAGE[key.key_usage]: list(
            KEY_SPECS[key.key_spec].usages[key.key_usage]
        ),
    }
    return output
