"""botocore's KMS service model: operation names, shapes and constraints come from here.

Input is normalized the way botocore's serializer would put it on the wire (blobs as bytes,
timestamps as epoch seconds), and the constraints botocore leaves to the server (maximum
lengths and values, enums, patterns) are checked with AWS's ValidationException wording.
So are the ones botocore checks itself (required members, minimum lengths and values, JSON
types), for clients made with `Config(parameter_validation=False)`, which send them on.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import botocore.session
from botocore.model import ServiceModel, Shape, StructureShape
from botocore.utils import parse_to_aware_datetime


@functools.cache
def service_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("kms")


@functools.cache
def operation_names() -> tuple[str, ...]:
    return tuple(service_model().operation_names)


_KEY_SPEC_SHAPES = frozenset({"KeySpec", "CustomerMasterKeySpec", "DataKeyPairSpec"})


@functools.cache
def key_spec_members(operation: str) -> tuple[str, ...]:
    """The input members of `operation` that name a key spec (CreateKey's KeySpec and
    CustomerMasterKeySpec, GenerateDataKeyPair's KeyPairSpec), by their shapes in the model."""
    shape = service_model().operation_model(operation).input_shape
    members = shape.members.items() if shape is not None else ()
    return tuple(name for name, member in members if member.name in _KEY_SPEC_SHAPES)


# AWS prints an enum's values in its own order, not the model's. Where a recorded response
# shows that order for the whole of today's set, it is kept here [aws-errors.json: the
# MacAlgorithm and KeyAgreementAlgorithm refusals]; recordings of sets that have grown since
# (KeySpec, KeyUsage) cannot say where the new values go, so those keep the model's order.
_RECORDED_ENUM_ORDER: tuple[tuple[str, ...], ...] = (
    ("HMAC_SHA_384", "HMAC_SHA_256", "HMAC_SHA_224", "HMAC_SHA_512"),
    ("ECDH",),
)


def _enum_as_printed(enum: Sequence[str]) -> Sequence[str]:
    for recorded in _RECORDED_ENUM_ORDER:
        if set(recorded) == set(enum):
            return recorded
    return enum


@functools.cache
def tracked_operations() -> frozenset[str]:
    """The operations GetKeyLastUsage reports (the model's KeyLastUsageTrackingOperation)."""
    try:
        shape = service_model().shape_for("KeyLastUsageTrackingOperation")
        return frozenset(getattr(shape, "enum", ()))
    except Exception:  # a botocore from before GetKeyLastUsage
        return frozenset()


@functools.cache
def legacy_key_specs() -> frozenset[str]:
    """The specs the deprecated CustomerMasterKeySpec enum knows [M]; newer specs omit it."""
    return frozenset(getattr(service_model().shape_for("CustomerMasterKeySpec"), "enum", ()))


def lower_camel(name: str) -> str:
    """AWS names members in validation messages in lowerCamel case: KeySpec -> keySpec."""
    return name[:1].lower() + name[1:]


@functools.cache
def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


class WireTypeError(Exception):
    """A member whose JSON type is not its shape's: the server cannot read the request, and
    answers SerializationException (the message follows AWS's JSON reader; INFERRED for KMS,
    recorded from another AWS JSON service)."""


_TYPE_NAMES = {"string": "a String", "integer": "an Integer", "long": "a Long"}
_TYPE_NAMES.update(boolean="a Boolean", list="a List", map="a Map", structure="a Structure")


def _type_error(shape: Shape, value: Any) -> WireTypeError:
    if isinstance(value, (Mapping, list, tuple)):
        return WireTypeError("Start of structure or map found where not expected.")
    if isinstance(value, bool):
        token = "TRUE_VALUE" if value else "FALSE_VALUE"
    else:
        token = "STRING_VALUE" if isinstance(value, str) else "NUMBER_VALUE"
    return WireTypeError(f"{token} can not be converted to {_TYPE_NAMES[shape.type_name]}")


def prepare_input(operation: str, params: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The request as the server sees it, and the constraint violations AWS would report.
    Raises WireTypeError for a member of the wrong JSON type."""
    shape = service_model().operation_model(operation).input_shape
    problems: list[str] = []
    if shape is None:
        return dict(params), problems
    return _structure(shape, params, "", problems), problems


def validation_message(problems: list[str]) -> str:
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(problems)


def _structure(
    shape: StructureShape, value: Mapping[str, Any], path: str, problems: list[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, item in value.items():
        member = shape.members.get(name)
        if member is None:  # botocore already refused unknown members; keep as given
            out[name] = item
            continue
        if item is None:  # JSON null: absent, as far as the server can tell
            continue
        member_path = f"{path}.{lower_camel(name)}" if path else lower_camel(name)
        out[name] = _value(member, item, member_path, problems)
    for name in shape.required_members:
        if name not in out:
            member_path = f"{path}.{lower_camel(name)}" if path else lower_camel(name)
            problems.append(missing_member(member_path))
    return out


def missing_member(path: str) -> str:
    """A required member the request lacks (or sends as null), in AWS's words [ISS: measured
    for Decrypt's ciphertextBlob, 2026]."""
    return f"Value null at '{path}' failed to satisfy constraint: Member must not be null"


def _value(shape: Shape, value: Any, path: str, problems: list[str]) -> Any:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure" and isinstance(value, Mapping):
        return _structure(shape, value, path, problems)  # type: ignore[arg-type]
    if kind == "list" and isinstance(value, (list, tuple)):
        if "min" in meta and len(value) < meta["min"]:
            problems.append(
                _fails(path, value, f"have length greater than or equal to {meta['min']}")
            )
        if "max" in meta and len(value) > meta["max"]:
            problems.append(_fails(path, value, f"have length less than or equal to {meta['max']}"))
        member = shape.member  # type: ignore[attr-defined]
        return [_value(member, v, f"{path}.{i}.member", problems) for i, v in enumerate(value, 1)]
    if kind == "map" and isinstance(value, Mapping):
        return {str(k): _value(shape.value, v, path, problems) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind == "blob":
        # botocore checks no blob lengths client-side; AWS names the member but not its value.
        data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        if "min" in meta and len(data) < meta["min"]:
            problems.append(_blob_fails(path, f"greater than or equal to {meta['min']}"))
        if "max" in meta and len(data) > meta["max"]:
            problems.append(_blob_fails(path, f"less than or equal to {meta['max']}"))
        return data
    if kind == "string" and isinstance(value, str):
        if "min" in meta and len(value) < meta["min"]:
            problems.append(
                _fails(path, value, f"have length greater than or equal to {meta['min']}")
            )
        if "max" in meta and len(value) > meta["max"]:
            problems.append(_fails(path, value, f"have length less than or equal to {meta['max']}"))
        enum = getattr(shape, "enum", None)
        if enum and value not in enum:
            listed = ", ".join(_enum_as_printed(enum))
            problems.append(_fails(path, value, f"satisfy enum value set: [{listed}]"))
        if "pattern" in meta and not _pattern(meta["pattern"]).search(value):
            problems.append(
                _fails(path, value, f"satisfy regular expression pattern: {meta['pattern']}")
            )
        return value
    if kind in ("integer", "long") and isinstance(value, int) and not isinstance(value, bool):
        if "min" in meta and value < meta["min"]:
            problems.append(
                _fails(path, value, f"have value greater than or equal to {meta['min']}")
            )
        if "max" in meta and value > meta["max"]:
            problems.append(_fails(path, value, f"have value less than or equal to {meta['max']}"))
        return value
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "timestamp":
        return parse_to_aware_datetime(value).timestamp()
    if kind in _TYPE_NAMES:  # a member of the wrong JSON type
        raise _type_error(shape, value)
    return value


def _fails(path: str, value: Any, constraint: str) -> str:
    shown = (
        value if not isinstance(value, (list, tuple)) else "[" + ", ".join(map(str, value)) + "]"
    )
    return f"Value '{shown}' at '{path}' failed to satisfy constraint: Member must {constraint}"


def _blob_fails(path: str, bound: str) -> str:
    return f"Value at '{path}' failed to satisfy constraint: Member must have length {bound}"
