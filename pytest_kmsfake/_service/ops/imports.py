"""GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial: bring your own key.

Material is really unwrapped with the wrapping key handed out, so a test wraps it offline with
`cryptography` exactly as it would for AWS. Wordings marked INFERRED were not recorded from
AWS; they follow its style.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from ..._crypto import material as _material
from ..._crypto.asymmetric import public_key_der
from ..._crypto.wrapping import UnwrapError, unwrap
from ..._rules import errors
from ..._rules.key_specs import KEY_SPECS
from ..._rules.limits import IMPORT_TOKEN_VALID_SECONDS, IMPORTED_MATERIAL_MAX_VALID_DAYS
from ..._rules.regions import check_wrapping_spec
from ..._rules.wrapping import RETIRED_WRAPPING_ALGORITHMS, WRAPPING_ALGORITHMS
from ..._state.clock import SECONDS_PER_DAY
from ..._state.lifecycle import forget_imported_material, watch
from ..._state.store import CURRENT, PENDING_ROTATION, ImportParameters, Key, KeyMaterial
from ..context import CallContext
from ..resolve import resolve_key
from ._registry import Output, Params, operation

_TOKEN_PREFIX = b"pytest-kmsfake import token v1:"
EXPIRES = "KEY_MATERIAL_EXPIRES"


@operation("GetParametersForImport")
def get_parameters_for_import(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])  # EXTERNAL keys only
    algorithm, spec = params["WrappingAlgorithm"], params["WrappingKeySpec"]
    if algorithm in RETIRED_WRAPPING_ALGORITHMS:  # INFERRED wording
        raise errors.validation(f"{algorithm} is no longer supported as a WrappingAlgorithm.")
    if algorithm not in WRAPPING_ALGORITHMS.get(spec, ()):
        raise errors.validation(  # INFERRED wording
            f"WrappingAlgorithm {algorithm} is not compatible with WrappingKeySpec {spec}"
        )
    check_wrapping_spec(ctx.options.rules, ctx.region, spec)
    private_der = _material.generate(spec)
    token_id = uuid.uuid4().hex
    valid_to = ctx.now + IMPORT_TOKEN_VALID_SECONDS
    key.import_parameters[token_id] = ImportParameters(
        token_id, algorithm, spec, private_der, valid_to
    )
    return {
        "KeyId": key.arn,
        "ImportToken": _TOKEN_PREFIX + f"{key.key_id}:{token_id}".encode(),
        "PublicKey": public_key_der(spec, private_der),
        "ParametersValidTo": valid_to,
    }


def _import_parameters(ctx: CallContext, key: Key, token: bytes) -> ImportParameters:
    key_id, _, token_id = token[len(_TOKEN_PREFIX) :].decode("utf-8", "replace").partition(":")
    found = key.import_parameters.get(token_id) if token.startswith(_TOKEN_PREFIX) else None
    if found is None or key_id != key.key_id:
        raise errors.KmsError(  # INFERRED wording
            "InvalidImportTokenException", "The import token is not valid for this KMS key."
        )
    if ctx.now >= found.valid_to:
        raise errors.KmsError("ExpiredImportTokenException", "The import token has expired.")
    return found  # INFERRED wording above


def _expiry(ctx: CallContext, params: Params) -> tuple[str, float | None]:
    model = params.get("ExpirationModel", EXPIRES)  # the default [MD]
    valid_to = params.get("ValidTo")
    if model == EXPIRES and valid_to is None:
        raise errors.validation(  # [LS:2025-11-10]
            "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"
        )
    if model != EXPIRES and valid_to is not None:
        raise errors.validation(  # INFERRED wording, documented rule [MD]
            "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE"
        )
    if valid_to is not None and not (
        ctx.now < valid_to <= ctx.now + IMPORTED_MATERIAL_MAX_VALID_DAYS * SECONDS_PER_DAY
    ):
        raise errors.validation(  # INFERRED wording, documented rule [MD]
            "The validTo date must be in the future and no more than "
            f"{IMPORTED_MATERIAL_MAX_VALID_DAYS} days from now."
        )
    return model, valid_to


def material_id_for(key: Key, material: bytes) -> str:
    """Derived from the key and the material, so a re-import is recognised [MD]."""
    return hashlib.sha256(key.key_id.encode() + b"\0" + material).hexdigest()


@operation("ImportKeyMaterial")
def import_key_material(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])  # EXTERNAL keys only
    model, valid_to = _expiry(ctx, params)
    parameters = _import_parameters(ctx, key, params["ImportToken"])
    try:
        raw = unwrap(
            parameters.wrapping_algorithm,
            parameters.wrapping_key_spec,
            parameters.private_key_der,
            params["EncryptedKeyMaterial"],
        )
    except UnwrapError:
        raise errors.invalid_ciphertext() from None
    try:
        secret = _material.check_imported(key.key_spec, raw)
    except _material.BadMaterial as exc:
        raise errors.validation(f"Invalid key material: {exc}.") from None  # INFERRED wording
    material_id = material_id_for(key, secret)
    import_type = _import_type(key, params)
    existing = key.material(material_id)
    if import_type == "EXISTING_KEY_MATERIAL" or existing is not None:
        material = _reimport(key, params, existing, material_id, secret)
    else:
        material = _import_new(key, material_id, secret, ctx.now, params)
    material.expiration_model, material.valid_to = model, valid_to
    if valid_to is not None:
        watch(ctx.here, key)
    if key.state == "PendingImport" and key.usable_material is not None:
        key.set_state("Enabled", ctx.now)
    return {"KeyId": key.arn, "KeyMaterialId": material_id}


def _import_type(key: Key, params: Params) -> str:
    symmetric = KEY_SPECS[key.key_spec].symmetric
    if not symmetric and ("ImportType" in params or "KeyMaterialId" in params):
        raise errors.validation(  # documented [MD]; INFERRED wording
            "ImportType and KeyMaterialId are only valid for symmetric encryption keys."
        )
    default = "EXISTING_KEY_MATERIAL" if key.materials else "NEW_KEY_MATERIAL"
    import_type = str(params.get("ImportType", default))
    if import_type == "NEW_KEY_MATERIAL" and "KeyMaterialId" in params:
        raise errors.validation(  # documented [MD]; INFERRED wording
            "You cannot specify a KeyMaterialId when ImportType is NEW_KEY_MATERIAL."
        )
    return import_type


def _different_material(key: Key) -> errors.KmsError:
    return errors.KmsError(  # INFERRED wording
        "IncorrectKeyMaterialException",
        f"The key material is not the key material previously imported into {key.arn}.",
    )


def _reimport(
    key: Key, params: Params, existing: KeyMaterial | None, material_id: str, secret: bytes
) -> KeyMaterial:
    wanted = params.get("KeyMaterialId")
    if existing is None or (wanted is not None and wanted != material_id):
        raise _different_material(key)
    existing.secret, existing.deleted = secret, False
    existing.description = params.get("KeyMaterialDescription", existing.description)
    return existing


def _import_new(
    key: Key, material_id: str, secret: bytes, now: float, params: Params
) -> KeyMaterial:
    pending = [m for m in key.materials if m.state == PENDING_ROTATION]
    if pending:
        raise errors.KmsError(  # [LS:2025-11-10]
            "KMSInvalidStateException",
            f"New key material (id: {material_id}) cannot be imported into KMS key "
            f"{key.key_id}, because another key material (id: {pending[0].material_id}) is "
            "pending rotation.",
        )
    if key.materials and not KEY_SPECS[key.key_spec].symmetric:
        raise _different_material(key)  # only symmetric keys rotate to new material
    state = PENDING_ROTATION if key.materials else CURRENT
    material = KeyMaterial(
        material_id, secret, now, state=state, imported=True,
        description=params.get("KeyMaterialDescription"),
    )  # fmt: skip
    key.materials.append(material)
    return material


@operation("DeleteImportedKeyMaterial")
def delete_imported_key_material(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])  # EXTERNAL keys only
    wanted = params.get("KeyMaterialId")
    material = key.material(wanted) if wanted else key.current_material
    if wanted and material is None:
        raise errors.KmsError(  # INFERRED wording
            "NotFoundException", f"Key material {wanted} does not exist for {key.arn}."
        )
    output: dict[str, Any] = {"KeyId": key.arn}
    if material is not None:  # a key that never had material: no effect [DG23]
        forget_imported_material(key, material)
        output["KeyMaterialId"] = material.material_id
    return output
