"""Markdown tables for the documentation, generated from pytest-kmsfake's own rule tables.

Every function here is pure: it reads the tables the fake itself runs on (the modules of
`pytest_kmsfake._rules`, the operation registry `pytest_kmsfake._service.ops.HANDLERS`,
botocore's KMS service model through `pytest_kmsfake._rules.model`, the plugin's options) and
returns a Markdown string; a few also read the package's source, for the comments beside a
constant and for the facts marked INFERRED, UNVERIFIED or [MOTO]. Nothing is written down
twice, so the documentation cannot drift from the code: a new key spec, operation, key state,
option or limit appears in the tables the next time the site is built.

The mkdocs hook (`docs/hooks.py`) replaces placeholders such as
``<!-- kmsfake-table: operations -->`` with `render("operations")`. Run this file to print a
table on the terminal::

    python docs/tables.py operations
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Callable

from pytest_kmsfake._rules import arns as _arns
from pytest_kmsfake._rules import key_specs as _key_specs
from pytest_kmsfake._rules import key_states as _key_states
from pytest_kmsfake._rules import limits as _limits
from pytest_kmsfake._rules import model as _model
from pytest_kmsfake._rules.operations import KEY_STATE_OPERATIONS, OPERATIONS
from pytest_kmsfake._service.ops import HANDLERS

YES = "✓"
UNSUPPORTED = "raises `KmsFakeUnsupported`"

# Members through which an operation names a KMS key; XksKeyId (CreateKey) names a key in an
# external key manager, not a KMS key, and is not one of them.
KEY_MEMBERS = ("KeyId", "SourceKeyId", "DestinationKeyId", "TargetKeyId")

REFERENCE_FORM_NAMES = {
    _arns.KEY_ID: "key ID",
    _arns.KEY_ARN: "key ARN",
    _arns.ALIAS_NAME: "alias name",
    _arns.ALIAS_ARN: "alias ARN",
}
REFERENCE_FORM_ORDER = (_arns.KEY_ID, _arns.KEY_ARN, _arns.ALIAS_NAME, _arns.ALIAS_ARN)


# --- Markdown helpers ----------------------------------------------------------------------


def _cell(text: object) -> str:
    """One table cell: pipes outside code spans escaped (Markdown's tables leave pipes inside
    backticks alone, and would show a backslash there), line breaks as <br>."""
    parts = str(text).replace("\n", "<br>").split("`")
    return "`".join(p if i % 2 else p.replace("|", "\\|") for i, p in enumerate(parts))


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row {row!r} has {len(row)} cells, the header {len(header)}")
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def _code(value: object) -> str:
    return f"`{value}`"


def _codes(values: Iterable[object]) -> str:
    return ", ".join(_code(v) for v in values)


# --- (a) Key specs, key usages and algorithms ----------------------------------------------


def key_specs_table() -> str:
    """KeySpec x KeyUsage x algorithms, from `key_specs.KEY_SPECS`, with the KeyMetadata field
    each usage fills (`ALGORITHM_FIELD_BY_USAGE`) and whether the fake implements the spec's
    cryptography (`IMPLEMENTED_KEY_SPECS`)."""
    rows = []
    for spec, rule in _key_specs.KEY_SPECS.items():
        implemented = spec in _key_specs.IMPLEMENTED_KEY_SPECS
        for usage, algorithms in rule.usages.items():
            shown_usage = _code(usage)
            if usage == rule.default_usage:
                shown_usage += " (default)"
            rows.append(
                [
                    _code(spec),
                    rule.family.word,
                    shown_usage,
                    _code(_key_specs.ALGORITHM_FIELD_BY_USAGE[usage]),
                    _codes(algorithms),
                    YES if implemented else "not yet: CreateKey " + UNSUPPORTED,
                ]
            )
    table = markdown_table(
        ["KeySpec", "Family", "KeyUsage", "KeyMetadata field", "Algorithms", "In the fake"], rows
    )
    implemented = sorted(_key_specs.IMPLEMENTED_KEY_SPECS)
    summary = (
        f"{len(_key_specs.KEY_SPECS)} key specs; the fake implements "
        f"{len(implemented)}: {_codes(implemented) or 'none'}. "
        "A KeyUsage a spec does not list is refused by CreateKey with a `ValidationException`; "
        "an algorithm a key's spec does not list is refused with `InvalidKeyUsageException` "
        "(`Algorithm <ALG> is incompatible with key spec <SPEC>.`).\n"
    )
    return summary + "\n" + table


def usage_required_table() -> str:
    """The KeyUsage each cryptographic operation needs (the rows' `usage`)."""
    rows = [
        [_code(op), _code(row.usage), YES if op in HANDLERS else UNSUPPORTED]
        for op, row in OPERATIONS.items()
        if row.usage is not None
    ]
    return markdown_table(["Operation", "Key must have KeyUsage", "In the fake"], rows)


# --- (b) Key states ------------------------------------------------------------------------


def state_outcome(operation: str, state: str) -> str:
    """The table cell for `operation` on a key in `state`: what the chokepoint answers."""
    outcome = _key_states_of(operation)[state]
    if outcome == _key_states.OK:
        return YES
    if outcome == _key_states.DISABLED:
        return "`DisabledException`<br>*is disabled.*"
    if outcome == _key_states.NOT_PENDING_DELETION:
        return "`KMSInvalidStateException`<br>*is not pending deletion.*"
    if outcome == _key_states.INVALID_STATE:
        return f"`KMSInvalidStateException`<br>*is {_key_states.STATE_WORDS[state]}.*"
    return _code(outcome)  # an outcome this page does not know yet: shown as it is


def _key_states_of(operation: str) -> Mapping[str, str]:
    column = OPERATIONS[operation].key_states
    assert column is not None, f"{operation} has no column in the key-state table"
    return column


def key_state_table() -> str:
    """Operations x key states from the rows' `key_states`, with AWS's error for each
    refusal and the message words from `key_states.STATE_WORDS`."""
    states = list(_key_states.KEY_STATES)
    rows = []
    for operation in KEY_STATE_OPERATIONS:
        served = YES if operation in HANDLERS else "not yet"
        rows.append([_code(operation), served, *(state_outcome(operation, s) for s in states)])
    table = markdown_table(["Operation", "In the fake", *states], rows)
    refused_in = [
        s
        for s in states
        if any(_key_states_of(op)[s] == _key_states.INVALID_STATE for op in KEY_STATE_OPERATIONS)
    ]
    words = markdown_table(
        ["KeyState", "Message of `KMSInvalidStateException`"],
        [[_code(s), f"`<key-arn> is {_key_states.STATE_WORDS[s]}.`"] for s in refused_in],
    )
    legend = (
        "✓: the operation goes ahead. `DisabledException`: message `<key-arn> is disabled.` "
        "`KMSInvalidStateException`: message `<key-arn> is <words>.` with the words of the "
        "key's state, below; CancelKeyDeletion on a key that is not pending deletion says "
        "`<key-arn> is not pending deletion.`\n"
    )
    return table + "\n" + legend + "\n" + words


# --- (c) Operations ------------------------------------------------------------------------


def key_members(operation: str) -> list[str]:
    """The input members through which `operation` names a KMS key (botocore's model)."""
    shape = _model.service_model().operation_model(operation).input_shape
    members = shape.members if shape is not None else {}
    return [name for name in KEY_MEMBERS if name in members]


def reference_forms(operation: str) -> str:
    forms = OPERATIONS[operation].references
    return ", ".join(REFERENCE_FORM_NAMES[f] for f in REFERENCE_FORM_ORDER if f in forms)


def operations_table() -> str:
    """Every operation in botocore's KMS model: served by the fake or not, which key
    references its key parameter accepts, and whether it may use another account's key."""
    names = _model.operation_names()
    rows = []
    for operation in names:
        members = key_members(operation)
        if members:
            forms = f"{_codes(members)}: {reference_forms(operation)}"
            cross = YES if OPERATIONS[operation].cross_account else "same account only"
        else:
            forms = cross = "—"
        served = YES if operation in HANDLERS else UNSUPPORTED
        rows.append([_code(operation), served, forms, cross])
    table = markdown_table(
        ["Operation", "In the fake", "Key parameter accepts", "Another account's key"], rows
    )
    served = [name for name in names if name in HANDLERS]
    summary = (
        f"The fake serves {len(served)} of the {len(names)} operations in the KMS model of the "
        "installed botocore.\n"
    )
    return summary + "\n" + table


# --- (d) Limits ----------------------------------------------------------------------------


LIMIT_TEXT = {
    "MAX_TAGS_PER_KEY": "Tags per key",
    "PENDING_WINDOW_DAYS": "ScheduleKeyDeletion `PendingWindowInDays`, in days",
    "DEFAULT_PENDING_WINDOW_DAYS": "Waiting period before deletion when none is given, in days",
    "ALIASES_PER_KEY": "Aliases per key",
    "KEYS_PER_ACCOUNT_REGION": "Customer managed keys per account and Region (AWS quota)",
    "ROTATION_PERIOD_DAYS": "Automatic rotation `RotationPeriodInDays`, in days",
    "DEFAULT_ROTATION_PERIOD_DAYS": "Automatic rotation period when none is given, in days",
    "ON_DEMAND_ROTATIONS_PER_KEY": "On-demand rotations per key",
    "IMPORT_TOKEN_VALID_SECONDS": "Lifetime of an import token, in seconds",
    "IMPORTED_MATERIAL_MAX_VALID_DAYS": "Latest `ValidTo` of imported key material, in days",
    "AES_DATA_KEY_BYTES": "GenerateDataKey `KeySpec` sizes, in bytes",
    "RESERVED_ALIAS_PREFIX": "Reserved alias prefix (AWS managed keys)",
    "AWS_MANAGED_ROTATION_DAYS": "Rotation period of AWS managed keys (days)",
    "RESERVED_TAG_PREFIX": "Reserved tag key prefix (any case)",
    "DEFAULT_ACCOUNT_ID": "Account id when the `account_id` option is not set",
}


def _is_limit(value: object) -> bool:
    """A number, a (low, high) pair of numbers or a name -> number table."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, tuple):
        return len(value) == 2 and all(_is_limit(v) for v in value)
    if isinstance(value, Mapping) and value:
        return all(isinstance(k, str) and _is_limit(v) for k, v in value.items())
    return False


def _shown_limit(value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, tuple):
        return f"{_shown_limit(value[0])} to {_shown_limit(value[1])}"
    if isinstance(value, Mapping):
        return ", ".join(f"`{k}`: {_shown_limit(v)}" for k, v in value.items())
    return _code(value)


def _module_comments(module: object) -> dict[str, str]:
    """The comment on the line that assigns each top-level NAME of a module's source."""
    try:
        lines = inspect.getsource(module).splitlines()  # type: ignore[arg-type]
    except (OSError, TypeError):
        return {}
    found = {}
    for line in lines:
        name, equals, rest = line.partition("=")
        name = name.split(":")[0].strip()
        if equals and name.isidentifier() and name.isupper() and "  #" in rest:
            found[name] = rest.split("  #", 1)[1].strip()
    return found


def limits_table() -> str:
    """List page sizes (`limits.LIST_LIMITS`) and every other limit in `limits`: the names in
    `LIMIT_TEXT`, and any other upper-case constant holding numbers, found automatically."""
    pages = markdown_table(
        ["Operation", "Default `Limit`", "Largest `Limit`", "In the fake"],
        [
            [_code(op), limit.default, limit.maximum, YES if op in HANDLERS else UNSUPPORTED]
            for op, limit in _limits.LIST_LIMITS.items()
        ],
    )
    comments = _module_comments(_limits)
    names = [name for name in LIMIT_TEXT if hasattr(_limits, name)]
    names += [
        name
        for name, value in vars(_limits).items()
        if name.isupper() and name not in LIMIT_TEXT and name != "LIST_LIMITS" and _is_limit(value)
    ]
    rows = []
    for name in names:
        value = getattr(_limits, name)
        label = LIMIT_TEXT.get(name) or name.replace("_", " ").capitalize()
        rows.append([label, _shown_limit(value), _code(name), comments.get(name, "")])
    others = markdown_table(["Limit", "Value", "Rule table name", "Note in the source"], rows)
    return "### List operations\n\n" + pages + "\n### Other limits\n\n" + others


# --- Options -------------------------------------------------------------------------------


def options_table() -> str:
    """The fake's options, from their one declaration (`OPTION_SPECS`, the fields of
    `FakeOptions`). README.md holds this table verbatim (tests/test_readme.py checks it)."""
    from pytest_kmsfake._service.options import OPTION_SPECS

    ini_forms = {"json": " (JSON)", "file": " (a file)"}
    rows = [
        [
            _code(spec.name),
            _code(spec.ini) + ini_forms.get(spec.kind, ""),
            spec.shown_default,
            spec.help[:1].upper() + spec.help[1:],
        ]
        for spec in OPTION_SPECS
    ]
    return markdown_table(
        ["Option (marker / `mock_kms()`)", "ini option", "Default", "What it does"], rows
    )


def plugin_ini_names() -> list[tuple[str, str]]:
    """(name, help) of every ini option plugin.py registers with a literal name, read from
    its source: this finds the ones that are not per-test options too."""
    import ast

    from pytest_kmsfake import plugin

    found = []
    for node in ast.walk(ast.parse(inspect.getsource(plugin))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "addini"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            help_node = node.args[1] if len(node.args) > 1 else None
            help_text = help_node.value if isinstance(help_node, ast.Constant) else ""
            found.append((node.args[0].value, str(help_text)))
    return found


def session_ini_table() -> str:
    """The ini options that configure the whole run rather than each test's fake."""
    from pytest_kmsfake._service.options import OPTION_SPECS

    per_test = {spec.ini for spec in OPTION_SPECS}
    rows = [
        [_code(name), help_text[:1].upper() + help_text[1:]]
        for name, help_text in plugin_ini_names()
        if name not in per_test
    ]
    if not rows:
        return "None: every ini option of the plugin is a per-test option.\n"
    return markdown_table(["ini option", "What it does"], rows)


# --- The call record ---------------------------------------------------------------------

_CALL_FIELD_TEXT = {
    "operation": "The KMS operation name, as in the API reference: `Encrypt`, `CreateKey`.",
    "params": "The parameters exactly as the caller passed them (before botocore's "
    "parameter handlers and the fake's normalization: a `str` plaintext stays a `str`).",
    "region": "The client's region.",
    "account_id": "The account the call acted as: the fake's `account_id` option.",
    "response": "The parsed response, as the client returned it; `None` when the call failed.",
    "error": "The AWS error code (`DisabledException`, `ValidationException`, ...); `None` on "
    "success. A call the fake could not serve has `Unsupported`.",
    "error_message": "The error's message; `None` on success.",
}


def _field_comments(cls: type) -> dict[str, str]:
    """The comments written beside (or just above) each field of a dataclass's source."""
    try:
        lines = inspect.getsource(cls).splitlines()
    except (OSError, TypeError):
        return {}
    found: dict[str, str] = {}
    above: list[str] = []
    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("#"):
            above.append(stripped.lstrip("# ").strip())
            continue
        name, colon, rest = stripped.partition(":")
        if colon and name.isidentifier() and not stripped.startswith(("def ", "@")):
            beside = rest.split("#", 1)[1].strip() if "#" in rest else ""
            text = " ".join([*above, beside]).strip()
            if text:
                found[name] = text[:1].upper() + text[1:]
        above = []
    return found


def call_fields_table() -> str:
    """The fields of `KmsCall`, in order, with their types and defaults."""
    from pytest_kmsfake import KmsCall

    comments = _field_comments(KmsCall)
    rows = []
    for field in dataclasses.fields(KmsCall):
        default = "" if field.default is dataclasses.MISSING else _code(repr(field.default))
        text = _CALL_FIELD_TEXT.get(field.name) or comments.get(field.name, "")
        rows.append([f"`.{field.name}`", _code(field.type), default, text])
    return markdown_table(["Field", "Type", "Default", "Meaning"], rows)


# --- Facts the source marks as not confirmed against AWS -----------------------------------

MARKERS = ("INFERRED", "UNVERIFIED", "[MOTO]")


def _statement_after(lines: list[str], start: int) -> str:
    """The code statement that begins at `lines[start]` (up to 6 lines, brackets balanced)."""
    parts: list[str] = []
    depth = 0
    for line in lines[start : start + 6]:
        code = line.split("  #", 1)[0].strip()
        if not code or code.startswith("#"):
            if parts:
                break
            continue
        parts.append(code)
        depth += sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
        if depth <= 0:
            break
    return " ".join(parts)


def _block(lines: list[str], index: int, belongs: Callable[[str], bool]) -> tuple[int, int]:
    """The run of lines around `index` for which `belongs` holds: (first, after last)."""
    first = index
    while first > 0 and belongs(lines[first - 1]):
        first -= 1
    after = index + 1
    while after < len(lines) and belongs(lines[after]):
        after += 1
    return first, after


def _is_comment(line: str) -> bool:
    return line.strip().startswith("#")


def _paragraph(lines: list[str], index: int) -> tuple[int, int]:
    """The docstring paragraph around `index`: up to a blank line or the docstring's quotes."""
    first = index
    while first > 0 and lines[first - 1].strip() and '"""' not in lines[first]:
        first -= 1
    after = index
    while after < len(lines) and lines[after].strip():
        after += 1
        if '"""' in lines[after - 1]:
            break
    return first, after


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unconfirmed_facts() -> list[tuple[str, str, str]]:
    """(place, note, code) for every line of the package marked INFERRED, UNVERIFIED or [MOTO]:
    the facts about AWS the fake could not confirm against a recording of the service."""
    import pytest_kmsfake

    root = Path(pytest_kmsfake.__file__).resolve().parent
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        place = "pytest_kmsfake/" + path.relative_to(root).as_posix()
        seen_blocks: set[tuple[int, int]] = set()
        for index, line in enumerate(lines):
            if not any(marker in line for marker in MARKERS):
                continue
            stripped = line.strip()
            if _is_comment(line):  # a comment block above the code it is about
                first, after = _block(lines, index, _is_comment)
                note = " ".join(lines[i].strip().lstrip("#").strip() for i in range(first, after))
                code = _statement_after(lines, after)
            elif "#" in stripped:  # code, then a comment on the same line
                code, _, note = stripped.partition("  #")
                if not note:
                    code, _, note = stripped.partition("#")
                note = note.strip().lstrip("#").strip()
                first, after = index, index + 1
                if code.rstrip().endswith("("):
                    code = _statement_after(lines, index)
            else:  # prose in a docstring: the paragraph around it
                first, after = _paragraph(lines, index)
                note = " ".join(lines[i].strip().strip('"').strip() for i in range(first, after))
                code = ""
            if (first, after) in seen_blocks:
                continue
            seen_blocks.add((first, after))
            found.append((f"{place}:{first + 1}", note.strip(), _shorten(code.strip())))
    return found


def unconfirmed_facts_table() -> str:
    rows = [
        [_code(place), note, f"`{code}`" if code and "`" not in code else code]
        for place, note, code in unconfirmed_facts()
    ]
    return markdown_table(["Where", "Note in the source", "Code"], rows)


# --- Custom key stores --------------------------------------------------------------------


def custom_key_store_parameters_table() -> str:
    """The parameters of each custom key store type and XKS connectivity, from the tables in
    `pytest_kmsfake._state.keystores`."""
    from pytest_kmsfake._state import keystores as ks

    rows = []
    for store_type, parameters in ks.TYPE_PARAMETERS.items():
        required = ks.REQUIRED_AT_CREATION[store_type]
        optional = sorted(parameters - set(required))
        connected = sorted(ks.UPDATABLE_WHILE_CONNECTED[store_type])
        rows.append(
            [_code(store_type), _codes(required), _codes(optional) or "—", _codes(connected)]
        )
    types = markdown_table(
        [
            "`CustomKeyStoreType`",
            "CreateCustomKeyStore requires",
            "Also accepted",
            "UpdateCustomKeyStore may change while `CONNECTED`",
        ],
        rows,
    )
    connectivity = markdown_table(
        ["`XksProxyConnectivity`", "Requires", "Refuses"],
        [
            [_code(name), _codes(needs) or "—", _codes(refuses) or "—"]
            for name, (needs, refuses) in ks.CONNECTIVITY_SETTINGS.items()
        ],
    )
    return types + "\n" + connectivity


def custom_key_store_states_table() -> str:
    """Operations x ConnectionState, from `_keystores.CONNECTION_STATE_TABLE`."""
    from pytest_kmsfake._state import keystores as ks
    from pytest_kmsfake._state import store as st

    states = (st.CONNECTED, st.CONNECTING, st.FAILED, st.DISCONNECTED, st.DISCONNECTING)
    refused = "`CustomKeyStoreInvalidStateException`"
    rows = []
    for operation, allowed in ks.CONNECTION_STATE_TABLE.items():
        cells = [YES if state in allowed else refused for state in states]
        if operation == "UpdateCustomKeyStore":
            cells[0] = "only the parameters in the table above"
        rows.append([_code(operation), *cells])
    return markdown_table(["Operation", *(_code(state) for state in states)], rows)


def custom_key_store_errors_table() -> str:
    """The errors of the custom key store operations (`_keystore_errors.MESSAGES`), with the
    source tag written beside each in the code."""
    import re

    from pytest_kmsfake._state import keystore_errors as _keystore_errors

    source = inspect.getsource(_keystore_errors)
    tags = dict(re.findall(r'"([a-z-]+)": \(  # (.+)', source))
    rows = [
        [_code(code), _code(re.sub(r"\{(\w+)\}", r"<\1>", template)), tags.get(name, "")]
        for name, (code, template) in _keystore_errors.MESSAGES.items()
    ]
    return markdown_table(["Code", "Message", "Source"], rows)


# --- Access control ----------------------------------------------------------------------------


def grant_operations_table() -> str:
    """Which operations a grant may allow, by key kind and usage (`GRANT_OPERATIONS`)."""
    from pytest_kmsfake._rules.access import GRANT_OPERATIONS

    rows = [
        [kind, _code(usage), _codes(sorted(operations))]
        for (kind, usage), operations in GRANT_OPERATIONS.items()
    ]
    return markdown_table(["Key kind", "KeyUsage", "Operations a grant may allow"], rows)


def condition_keys_table() -> str:
    """Every condition key the fake evaluates and where its value comes from."""
    from pytest_kmsfake._rules.access import (
        OTHER_CONDITION_KEYS,
        REQUEST_CONDITION_KEYS,
        REQUEST_DEFAULTS,
    )

    cells: dict[str, list[str]] = {}
    for key, members in REQUEST_CONDITION_KEYS.items():
        sources = ", ".join(
            f"{operation} (`{member}`)" if member else operation
            for operation, member in members.items()
        )
        default = REQUEST_DEFAULTS.get(key)
        absent = f"; when absent, `{default}`" if default is not None else ""
        cells.setdefault(key, []).append(f"from the request in {sources}{absent}")
    for key, source in OTHER_CONDITION_KEYS.items():
        cells.setdefault(key, []).append(source)
    rows = [[_code(key), "; ".join(parts)] for key, parts in cells.items()]
    return markdown_table(["Condition key", "Value in the request"], rows)


def iam_only_operations_table() -> str:
    """Operations authorized by identity-based policies alone (`IAM_ONLY_OPERATIONS`)."""
    from pytest_kmsfake._rules.access import IAM_ONLY_OPERATIONS

    rows = [
        [
            _code(operation),
            "`*`"
            if member == "*"
            else "the alias ARN of its `AliasName`"
            if member == "AliasName"
            else f"its `{member}`",
        ]
        for operation, member in IAM_ONLY_OPERATIONS.items()
    ]
    return markdown_table(["Operation", "Resource in the request (and in a denial)"], rows)


def aws_managed_keys_table() -> str:
    """The predefined aliases of AWS managed keys and the service each key serves
    (`aws_managed.AWS_MANAGED_KEYS`)."""
    from pytest_kmsfake._rules.aws_managed import AWS_MANAGED_KEYS

    rows = [
        [_code(alias), _code(f"{service}.<region>.amazonaws.com"), protected]
        for alias, (service, protected) in AWS_MANAGED_KEYS.items()
    ]
    return markdown_table(["Alias", "`kms:ViaService` that may use the key", "Protects"], rows)


# --- Registry for the hook -----------------------------------------------------------------


def region_profiles_table() -> str:
    """Every rule of every region profile, from `_regions.PROFILES`."""
    from pytest_kmsfake._rules.regions import DEFAULT_PROFILE, PROFILES

    rows = []
    for profile, rules in PROFILES.items():
        name = f"{_code(profile)} (the default)" if profile == DEFAULT_PROFILE else _code(profile)
        if not rules:
            rows.append((name, "no restrictions", "", "", "", "", ""))
        for rule in rules:
            regions = _codes(rule.regions)
            if rule.except_regions:
                regions = "every region except " + _codes(rule.except_regions)
            rows.append(
                (name, _code(rule.name), regions, _codes(rule.key_specs),
                 _codes(rule.operations), _codes(rule.wrapping_key_specs), rule.source)
            )  # fmt: skip
    header = (
        "Profile",
        "Rule",
        "Regions",
        "Refused key specs",
        "Refused operations",
        "Refused wrapping key specs",
        "Source",
    )
    return markdown_table(header, rows)


TABLES: dict[str, Callable[[], str]] = {
    "key-specs": key_specs_table,
    "usage-required": usage_required_table,
    "key-states": key_state_table,
    "operations": operations_table,
    "limits": limits_table,
    "options": options_table,
    "session-ini": session_ini_table,
    "call-fields": call_fields_table,
    "unconfirmed-facts": unconfirmed_facts_table,
    "region-profiles": region_profiles_table,
    "custom-key-store-parameters": custom_key_store_parameters_table,
    "custom-key-store-states": custom_key_store_states_table,
    "custom-key-store-errors": custom_key_store_errors_table,
    "grant-operations": grant_operations_table,
    "condition-keys": condition_keys_table,
    "iam-only-operations": iam_only_operations_table,
    "aws-managed-keys": aws_managed_keys_table,
}


def render(name: str) -> str:
    """The table registered under `name`; a KeyError names the known tables."""
    try:
        make = TABLES[name]
    except KeyError:
        raise KeyError(f"no table {name!r}; known tables: {', '.join(TABLES)}") from None
    return make()


if __name__ == "__main__":
    for requested in sys.argv[1:] or list(TABLES):
        print(render(requested))
