"""Keys declared up front: fixed key ids, aliases, specs, material and state, from a list of
dicts or a JSON or YAML file, for tests that need known keys (for instance ciphertexts kept
in a fixture file that must decrypt in every run)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import importlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._client.default_region import default_region
from .._crypto import material as _material
from .._rules.arns import is_well_formed_key_id, key_arn
from .._rules.errors import KmsError
from .._rules.key_specs import KEY_SPECS, SYMMETRIC_DEFAULT
from .._rules.key_states import KEY_STATES

if TYPE_CHECKING:
    from .._service.service import KmsService

FIELDS = {
    "key_id": "fixed key id (a lowercase UUID, or mrk- and 32 hex digits)",
    "region": "region of the key (default: botocore's configured region, else us-east-1)",
    "account_id": "account of the key (default: the fake's)",
    "key_spec": "KeySpec (default SYMMETRIC_DEFAULT)",
    "key_usage": "KeyUsage (default: the spec's only usage, or ENCRYPT_DECRYPT)",
    "description": "Description",
    "aliases": "alias names pointing at the key",
    "tags": "tags, as a mapping",
    "policy": "key policy JSON text",
    "material": "key material: hex or base64 of the AES/HMAC key, or a PKCS#8 private key "
    "(PEM text, or base64 DER)",
    "state": "KeyState to put the key in (default Enabled)",
    "multi_region": "true for a multi-Region primary key",
    "rotation_period_days": "enable automatic rotation with this period",
}


class SeedError(ValueError):
    """A declared key the fake cannot create; the message names the entry and the field."""


def load(source: str | Path | Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Key declarations from a list, or from a .json / .yaml / .yml file."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SeedError(f"keys file {path} not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SeedError(f"keys file {path} cannot be read: {exc}") from None
        if path.suffix in (".yaml", ".yml"):
            try:
                yaml: Any = importlib.import_module("yaml")
            except ImportError:
                raise SeedError(f"{path}: reading YAML needs PyYAML (pip install pyyaml)") from None
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise SeedError(f"keys file {path} is not valid YAML: {exc}") from None
        else:
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise SeedError(f"keys file {path} is not valid JSON: {exc}") from None
        if isinstance(data, Mapping) and "keys" in data:
            data = data["keys"]
        source = data
    if not isinstance(source, Sequence) or isinstance(source, (str, bytes)):
        raise SeedError(f"declared keys must be a list of mappings, got {type(source).__name__}")
    return list(source)


def seed(service: KmsService, entries: Sequence[Mapping[str, Any]]) -> list[str]:
    """Create the declared keys in `service`; returns their key ids in order."""
    return [_seed_one(service, number, entry) for number, entry in enumerate(entries, 1)]


def _seed_one(service: KmsService, number: int, entry: Mapping[str, Any]) -> str:
    where = f"declared key {number}"
    if not isinstance(entry, Mapping):
        raise SeedError(f"{where} must be a mapping, got {entry!r}")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise SeedError(
            f"{where}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}"
        )
    spec = str(entry.get("key_spec", SYMMETRIC_DEFAULT))
    if spec not in KEY_SPECS:
        raise SeedError(f"{where}: unknown key_spec {spec!r}")
    region = str(entry.get("region") or default_region())
    account = str(entry.get("account_id", service.options.account_id))
    params: dict[str, Any] = {"KeySpec": spec}
    usages = KEY_SPECS[spec].usages
    usage = entry.get("key_usage") or (next(iter(usages)) if len(usages) == 1 else None)
    if usage:
        params["KeyUsage"] = usage
    for field, member in (("description", "Description"), ("policy", "Policy")):
        if field in entry:
            params[member] = entry[field]
    if entry.get("multi_region"):
        params["MultiRegion"] = True
    if "tags" in entry:
        params["Tags"] = [{"TagKey": k, "TagValue": str(v)} for k, v in entry["tags"].items()]
    try:
        created = service.create_key(region, account, params)
    except KmsError as exc:
        raise SeedError(f"{where}: {exc.code}: {exc.message}") from None
    key = service.find_key(key_arn(region, account, created))
    store = service.store.region(account, region)
    if "key_id" in entry:
        key_id = str(entry["key_id"])
        if not is_well_formed_key_id(key_id) or key_id.startswith("mrk-") != bool(
            entry.get("multi_region")
        ):
            raise SeedError(f"{where}: key_id {key_id!r} is not a valid key id for this key")
        if key_id in store.keys:
            raise SeedError(f"{where}: key_id {key_id} is declared twice")
        del store.keys[created]
        key.key_id, key.arn = key_id, key_arn(region, account, key_id)
        store.keys[key_id] = key
    if "material" in entry:
        secret = _material_bytes(where, spec, entry["material"])
        material = key.materials[0]
        material.secret = secret
        # Derived from key and material, so a ciphertext made in one run opens in the next.
        material.material_id = hashlib.sha256(key.key_id.encode() + b"\0" + secret).hexdigest()
    for alias in entry.get("aliases", ()):
        response = service.dispatch(
            "CreateAlias",
            {"AliasName": alias, "TargetKeyId": key.key_id},
            region=region,
            account_id=account,
            record=False,
        )
        if response.status >= 300:
            raise SeedError(f"{where}: alias {alias}: {response.parsed['Error']['Message']}")
    if "rotation_period_days" in entry:
        service.dispatch(
            "EnableKeyRotation",
            {"KeyId": key.key_id, "RotationPeriodInDays": int(entry["rotation_period_days"])},
            region=region,
            account_id=account,
            record=False,
        )
    state = entry.get("state")
    if state is not None:
        if state not in KEY_STATES:
            raise SeedError(f"{where}: unknown state {state!r}; one of {', '.join(KEY_STATES)}")
        service.force_key_state(key.arn, str(state))
    return key.key_id


def _material_bytes(where: str, spec: str, value: Any) -> bytes:
    text = str(value).strip()
    if "BEGIN" in text:  # PEM
        from cryptography.hazmat.primitives import serialization

        private = serialization.load_pem_private_key(text.encode(), password=None)
        raw = private.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    else:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            try:
                raw = base64.b64decode(text, validate=True)
            except binascii.Error:
                raise SeedError(f"{where}: material is neither hex, base64 nor PEM") from None
    try:
        return _material.check_imported(spec, raw)
    except _material.BadMaterial as exc:
        raise SeedError(f"{where}: material: {exc}") from None
