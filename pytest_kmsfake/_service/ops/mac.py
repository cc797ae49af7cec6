"""GenerateMac and VerifyMac on HMAC keys."""

from __future__ import annotations

from ..._crypto import asymmetric as asym
from ..._rules import errors
from ..context import CallContext
from ..resolve import check_algorithm, resolve_key, usable_material
from ._registry import Output, Params, operation, stop_if_dry_run


@operation("GenerateMac")
def generate_mac(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    algorithm = check_algorithm(key, params["MacAlgorithm"])
    stop_if_dry_run(params)
    mac = asym.hmac_mac(algorithm, usable_material(key).secret, params["Message"])
    return {"Mac": mac, "MacAlgorithm": algorithm, "KeyId": key.arn}


@operation("VerifyMac")
def verify_mac(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    algorithm = check_algorithm(key, params["MacAlgorithm"])
    stop_if_dry_run(params)
    secret = usable_material(key).secret
    if not asym.hmac_verify(algorithm, secret, params["Message"], params["Mac"]):
        raise errors.KmsError("KMSInvalidMacException", None)  # no message [LS:2023-04-13]
    return {"KeyId": key.arn, "MacValid": True, "MacAlgorithm": algorithm}
