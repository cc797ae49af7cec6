"""The policy language: parsing and validating key policies and identity (IAM) policies.

`parse_key_policy` checks a key policy the way CreateKey and PutKeyPolicy do and raises AWS's
MalformedPolicyDocumentException or LimitExceededException; `parse_identity_policy` reads the
IAM policies a test registers for a principal. Both return a `Policy` whose statements the
authorizer (`_authorize`) evaluates. Parsing is cached by document text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._rules.access import (
    KEY_POLICY_FORBIDDEN_CONDITION_KEYS,
    KEY_POLICY_MAX_CHARS,
    POLICY_VERSIONS,
)
from .._rules.errors import KmsError, validation
from .._rules.model import service_model, validation_message
from .conditions import OPERATORS, split_operator

ALLOW = "Allow"
DENY = "Deny"

_PARTITION = r"aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?"
_NAME = r"[\w+=,.@-]+"
_IAM_PRINCIPAL = re.compile(
    rf"^arn:{_PARTITION}:iam::\d{{12}}:(?:root|(?:user|role)/(?:[\w+=,.@-]+/)*{_NAME}"
    rf"|federated-user/{_NAME}|saml-provider/{_NAME}|oidc-provider/[\w./-]+)$"
)
_STS_PRINCIPAL = re.compile(
    rf"^arn:{_PARTITION}:sts::\d{{12}}:(?:assumed-role/{_NAME}/{_NAME}|federated-user/{_NAME})$"
)
_ACCOUNT = re.compile(r"^\d{12}$")
_SERVICE = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$")
_CANONICAL_USER = re.compile(r"^[0-9a-f]{64}$")
_ACTION = re.compile(r"^(?:\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$")

_TOP_LEVEL = frozenset({"Version", "Id", "Statement"})
_STATEMENT_MEMBERS = frozenset(
    {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
     "NotResource", "Condition"}
)  # fmt: skip
_PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")

# AWS's texts, recorded in real responses [ISS, 2017-2025]; they are asserted in the tests.
NO_PRINCIPAL = "Policy contains a statement with no principal."
INVALID_PRINCIPALS = "Policy contains a statement with one or more invalid principals."
LOCKOUT = "The new key policy will not allow you to update the key policy in the future."
FORBIDDEN_CONDITION_KEYS = "These condition keys are not permitted in a key policy: " + ", ".join(
    KEY_POLICY_FORBIDDEN_CONDITION_KEYS
)  # recorded for a policy that used aws:ResourceTag only: the text names all three
_FORBIDDEN_KEYS = tuple(key.lower() for key in KEY_POLICY_FORBIDDEN_CONDITION_KEYS)


class PolicyError(ValueError):
    """A policy document that does not follow the grammar; the message says where."""


@dataclass(frozen=True)
class Principal:
    kind: str  # "AWS", "Service", "Federated", "CanonicalUser"; "*" for anyone
    value: str


ANYONE = Principal("*", "*")


@dataclass(frozen=True)
class Condition:
    operator: str  # as written, e.g. "ForAnyValue:StringLike"
    key: str  # lower case: condition key names are case-insensitive
    values: tuple[str, ...]
    written: str = ""  # the key as the policy spells it, for explanations


@dataclass(frozen=True)
class Statement:
    index: int  # 1-based, as people count them
    sid: str | None
    effect: str
    principals: tuple[Principal, ...] | None = None
    not_principals: tuple[Principal, ...] | None = None
    actions: tuple[str, ...] | None = None
    not_actions: tuple[str, ...] | None = None
    resources: tuple[str, ...] | None = None
    not_resources: tuple[str, ...] | None = None
    conditions: tuple[Condition, ...] = ()

    @property
    def label(self) -> str:
        return f"statement {self.index}" + (f" (Sid {self.sid!r})" if self.sid else "")

    @property
    def effective(self) -> bool:
        """A statement without Action/NotAction or Resource/NotResource has no effect. Key
        policies refuse such statements (`_statement`); identity policies keep them."""
        has_action = self.actions is not None or self.not_actions is not None
        return has_action and (self.resources is not None or self.not_resources is not None)


@dataclass(frozen=True)
class Policy:
    statements: tuple[Statement, ...]
    policy_id: str | None = None


def malformed(message: str) -> KmsError:
    return KmsError("MalformedPolicyDocumentException", message)


@functools.cache
def _policy_pattern() -> str:
    return str(service_model().shape_for("PolicyType").metadata["pattern"])


def parse_key_policy(text: str) -> Policy:
    """A key policy as CreateKey, PutKeyPolicy and ReplicateKey accept it, or AWS's error."""
    pattern = _policy_pattern()
    if re.fullmatch(pattern, text) is None:
        # Every character must be one the model's pattern allows [MD PutKeyPolicy.Policy].
        raise validation(
            validation_message(
                [
                    f"Value '{text}' at 'policy' failed to satisfy constraint: Member must "
                    f"satisfy regular expression pattern: {pattern}"
                ]
            )
        )
    if len(text) > KEY_POLICY_MAX_CHARS:
        # INFERRED wording: the error code is documented [MD], its text was not recorded.
        raise KmsError(
            "LimitExceededException",
            f"The key policy exceeds the maximum size of {KEY_POLICY_MAX_CHARS} characters.",
        )
    try:
        return _parse_text(text, True)
    except PolicyError as exc:
        raise malformed(str(exc)) from None


def parse_identity_policy(document: str | Mapping[str, Any]) -> Policy:
    """An identity-based (IAM) policy for `KmsFake.put_identity_policy`; raises PolicyError."""
    text = document if isinstance(document, str) else json.dumps(document)
    return _parse_text(text, False)


@functools.lru_cache(maxsize=512)
def _parse_text(text: str, key_policy: bool) -> Policy:
    try:
        document = json.loads(text)
    except ValueError:
        raise PolicyError("Policy is not valid JSON.") from None  # INFERRED wording
    if not isinstance(document, dict) or not isinstance(document.get("Statement"), (list, dict)):
        raise PolicyError("Policy document must contain a Statement.")  # INFERRED wording
    unknown = sorted(set(document) - _TOP_LEVEL)
    if unknown:
        # INFERRED wording, in the style of IAM's "Has prohibited field".
        raise PolicyError(f"Policy has an unsupported element: {unknown[0]}.")
    version = document.get("Version")
    if version is not None and version not in POLICY_VERSIONS:
        raise PolicyError(f"Policy has an invalid Version: {version}.")  # INFERRED wording
    raw_statements = document["Statement"]
    if isinstance(raw_statements, dict):
        raw_statements = [raw_statements]
    statements = tuple(
        _statement(raw, index, key_policy) for index, raw in enumerate(raw_statements, 1)
    )
    sids = [s.sid for s in statements if s.sid]
    duplicate = next((sid for sid in sids if sids.count(sid) > 1), None)
    if duplicate is not None:
        # INFERRED wording: AWS asks for unique Sids [DOCS kms-policy-error-invalid-principals].
        raise PolicyError(f"Policy contains duplicate statement IDs: {duplicate}.")
    policy_id = document.get("Id")
    return Policy(statements, policy_id if isinstance(policy_id, str) else None)


def _statement(raw: Any, index: int, key_policy: bool) -> Statement:
    if not isinstance(raw, dict):
        raise PolicyError(f"Policy statement {index} is not a JSON object.")  # INFERRED
    unknown = sorted(set(raw) - _STATEMENT_MEMBERS)
    if unknown:
        raise PolicyError(f"Policy contains a statement with an unsupported element: {unknown[0]}.")
    effect = raw.get("Effect")
    if effect not in (ALLOW, DENY):
        raise PolicyError("Policy contains a statement with an invalid Effect.")  # INFERRED
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError("Policy contains a statement with an invalid Sid.")  # INFERRED
    _exclusive(raw, "Principal", "NotPrincipal")
    _exclusive(raw, "Action", "NotAction")
    _exclusive(raw, "Resource", "NotResource")
    has_principal = "Principal" in raw or "NotPrincipal" in raw
    if key_policy and not has_principal:
        raise PolicyError(NO_PRINCIPAL)
    if key_policy:
        # Refused since 2025-08-18 [AWS Health notice, ISS:ministryofjustice/analytical-
        # platform#7691]; the wording is INFERRED after the principal one.
        if "Action" not in raw and "NotAction" not in raw:
            raise PolicyError("Policy contains a statement with no Action.")
        if "Resource" not in raw and "NotResource" not in raw:
            raise PolicyError("Policy contains a statement with no Resource.")
    if not key_policy and has_principal:
        raise PolicyError(
            f"An identity-based policy names no Principal (statement {index} has one): it "
            "applies to the principal it is attached to."
        )
    conditions = _conditions(raw.get("Condition"))
    if key_policy and any(_forbidden_in_key_policy(c.key) for c in conditions):
        raise PolicyError(FORBIDDEN_CONDITION_KEYS)
    return Statement(
        index=index,
        sid=sid,
        effect=effect,
        principals=_principals(raw["Principal"]) if "Principal" in raw else None,
        not_principals=_principals(raw["NotPrincipal"]) if "NotPrincipal" in raw else None,
        actions=_actions(raw, "Action"),
        not_actions=_actions(raw, "NotAction"),
        resources=_strings(raw, "Resource"),
        not_resources=_strings(raw, "NotResource"),
        conditions=conditions,
    )


def _forbidden_in_key_policy(key: str) -> bool:
    """`key` (lower case) is one of KEY_POLICY_FORBIDDEN_CONDITION_KEYS or under one."""
    return any(key == name or key.startswith(name + "/") for name in _FORBIDDEN_KEYS)


def _exclusive(raw: Mapping[str, Any], element: str, negated: str) -> None:
    if element in raw and negated in raw:
        raise PolicyError(  # INFERRED wording
            f"Policy contains a statement with both {element} and {negated}."
        )


def _principals(value: Any) -> tuple[Principal, ...]:
    if value == "*":
        return (ANYONE,)
    if not isinstance(value, dict) or not value:
        raise PolicyError(INVALID_PRINCIPALS)
    found: list[Principal] = []
    for kind, entries in value.items():
        if kind not in _PRINCIPAL_TYPES:
            raise PolicyError(INVALID_PRINCIPALS)
        listed = entries if isinstance(entries, list) else [entries]
        if not listed:
            raise PolicyError(INVALID_PRINCIPALS)
        for entry in listed:
            if not isinstance(entry, str) or not _valid_principal(kind, entry):
                raise PolicyError(INVALID_PRINCIPALS)
            found.append(ANYONE if kind == "AWS" and entry == "*" else Principal(kind, entry))
    return tuple(found)


def is_grant_principal(value: str) -> bool:
    """A grantee or retiring principal of a grant, in form: a principal a key policy could
    name under "AWS" (not "*"), or a service principal."""
    return value != "*" and (_valid_principal("AWS", value) or bool(_SERVICE.match(value)))


def _valid_principal(kind: str, value: str) -> bool:
    """Principals that exist in form: an account, an IAM or STS principal ARN, a service
    principal. (AWS also requires that they exist; the fake cannot know that.)"""
    if kind == "AWS":
        return bool(
            value == "*"
            or _ACCOUNT.match(value)
            or _IAM_PRINCIPAL.match(value)
            or _STS_PRINCIPAL.match(value)
        )
    if kind == "Service":
        return bool(_SERVICE.match(value))
    if kind == "CanonicalUser":
        return bool(_CANONICAL_USER.match(value))
    return bool(value) and "*" not in value  # Federated: a provider name or ARN


def _strings(raw: Mapping[str, Any], element: str) -> tuple[str, ...] | None:
    if element not in raw:
        return None
    value = raw[element]
    listed = value if isinstance(value, list) else [value]
    if not listed or not all(isinstance(item, str) and item for item in listed):
        raise PolicyError(  # INFERRED wording
            f"Policy contains a statement with an invalid {element}."
        )
    return tuple(listed)


def _actions(raw: Mapping[str, Any], element: str) -> tuple[str, ...] | None:
    actions = _strings(raw, element)
    for action in actions or ():
        if not _ACTION.match(action):
            raise PolicyError(  # INFERRED wording
                f"Policy contains a statement with an invalid action: {action}."
            )
    return actions


def _conditions(raw: Any) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise PolicyError("Policy contains a statement with an invalid Condition.")  # INFERRED
    found: list[Condition] = []
    for operator, tests in raw.items():
        _, base, _ = split_operator(operator)
        if base not in OPERATORS:
            # INFERRED wording, after IAM's "Invalid Condition type".
            raise PolicyError(f"Policy contains an invalid condition operator: {operator}.")
        if not isinstance(tests, dict) or not tests:
            raise PolicyError("Policy contains a statement with an invalid Condition.")
        for key, value in tests.items():
            listed = value if isinstance(value, list) else [value]
            if not listed or not all(isinstance(v, (str, bool, int, float)) for v in listed):
                raise PolicyError("Policy contains a statement with an invalid Condition.")
            values = tuple(_condition_value(v) for v in listed)
            found.append(Condition(operator, str(key).lower(), values, str(key)))
    return tuple(found)


def _condition_value(value: str | bool | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
