"""`KmsService`: one fake KMS's state, and the one dispatch every entry point calls.

An entry point (the botocore bridge, the aiobotocore bridge, the HTTP endpoint) translates a
request into `dispatch(operation, params, region=..., account_id=..., principal=...)` and
translates the `WireResponse` it returns back out; the call log is written here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.utils import parse_timestamp

from .._access.authorize import check_request
from .._access.principals import AccessState, Caller
from .._crypto.entropy import Entropy, random_uuid
from .._rules.arns import ALIAS_ARN, ALIAS_NAME, parse_reference
from .._rules.errors import (
    KmsError,
    KmsFakeUnsupported,
    UnsupportedByFake,
    internal_error,
    validation,
)
from .._rules.key_specs import KEY_SPECS
from .._rules.key_states import KEY_STATES
from .._rules.limits import DEFAULT_PENDING_WINDOW_DAYS
from .._rules.model import (
    WireTypeError,
    key_spec_members,
    prepare_input,
    validation_message,
)
from .._rules.operations import TRACKED_OPERATIONS
from .._rules.regions import check_operation
from .._state import clock as _clock
from .._state.calls import CallLog, Decision, KmsCall
from .._state.lifecycle import watch
from .._state.store import Key, KeyLastUsage, Store
from .context import CallContext
from .faults import Faults
from .ops import HANDLERS
from .options import FakeOptions
from .wire import TimestampParser, WireResponse, build_response, error_response

DOCS_PAGE = "the supported operations page of the pytest-kmsfake documentation"


class KmsService:
    """The keys, the call log, the faults and the access settings of one fake, and `dispatch`.

    `owner` is the public object this service stands behind (the `KmsFake`), so that code
    holding only the active service can find it."""

    def __init__(self, options: FakeOptions, owner: object = None) -> None:
        self.options = options
        self.owner = owner
        self.store = Store()
        self.calls = CallLog(options.call_log_limit)
        self.store.service_events = self.calls.add_service_event
        self.problems: list[str] = []  # what the fake could not serve; reported at teardown
        self.faults = Faults()
        self.entropy = Entropy(options.key_seed)
        self.access = AccessState(
            enforce=options.enforce_access,
            access_keys=options.access_keys,
            caller=options.caller,
            seed=options.key_seed,
            ignore_unevaluated=options.ignore_unevaluated_conditions,
        )

    def dispatch(
        self,
        operation: str,
        params: Mapping[str, Any],
        *,
        region: str,
        account_id: str | None = None,
        principal: str | None = None,
        timestamp_parser: TimestampParser = parse_timestamp,
        recorded_params: Mapping[str, Any] | None = None,
        record: bool = True,
        user_agent: str | None = None,
        access_key_id: str | None = None,
    ) -> WireResponse:
        """Serve one KMS request (params as botocore validated them) and log it. `principal`
        is who calls (by default the caller set on the fake, or the account's root); an
        explicit `account_id` without one calls as that account's root. `user_agent` and
        `access_key_id`, when the entry point knows them, go to the call's CloudTrail event."""
        account = account_id or self.options.account_id
        caller: Caller | None = None
        if principal is not None or (self.access.caller is not None and account_id is None):
            caller = self.access.caller_for(principal, account_id, account, region)
            account = caller.account_id
        decisions: list[Decision] = []
        # The call log keeps params as the caller passed them: a copy the caller cannot change.
        logged = dict(params) if recorded_params is None else recorded_params
        now = _clock.now()
        request_id = random_uuid()
        injected, reason = False, None
        used: list[Key] = []  # the keys the call resolved, for its CloudTrail event
        trail: dict[str, Any] = {}  # what else its event shows
        try:
            self.faults.apply(operation, self._key_id_or_none, params)
            output = self._run(
                operation, params, region, account, now, request_id, caller, decisions, used, trail
            )
            response = build_response(operation, output, now, timestamp_parser, request_id)
        except KmsError as error:
            injected, reason = error.injected, error.reason
            response = error_response(error, now, request_id)
        except UnsupportedByFake as gap:
            message = (
                f"pytest-kmsfake does not support {gap} yet, so the call was not sent anywhere. "
                f"See {DOCS_PAGE} for what is supported."
            )
            self.problems.append(message)
            if record:
                call = KmsCall(operation, logged, region, account, None, "Unsupported", message)
                self.calls.append(call)
            raise KmsFakeUnsupported(message) from None
        except Exception as exc:  # a bug in the fake: answer like KMS would, and remember it
            bug = internal_error(operation, exc)
            self.problems.append(f"{bug.message} (params: {dict(params)!r})")
            response = error_response(bug, now, request_id)
        if record:
            failed = response.status >= 300
            answer = response.parsed["Error"] if failed else {}
            response.call = KmsCall(
                operation,
                logged,
                region,
                account,
                None if failed else response.parsed,
                answer.get("Code"),
                answer.get("Message"),
                injected=injected,
                reason=reason,
                access=tuple(decisions),
                request_id=request_id,
                time=now,
                caller=caller,
                user_agent=user_agent,
                access_key_id=access_key_id,
                keys=tuple(used),
                trail=dict(trail),
            )
            self.calls.append(response.call)
        return response

    def _run(
        self,
        operation: str,
        params: Mapping[str, Any],
        region: str,
        account: str,
        now: float,
        request_id: str,
        caller: Caller | None,
        decisions: list[Decision],
        used: list[Key],
        trail: dict[str, Any],
    ) -> dict[str, Any]:
        handler = HANDLERS.get(operation)
        if handler is None:
            raise UnsupportedByFake(f"the KMS operation {operation}")
        try:
            normalized, problems = prepare_input(operation, params)
        except WireTypeError as unreadable:
            raise KmsError("SerializationException", str(unreadable)) from None
        if problems:
            raise validation(validation_message(problems))
        for member in key_spec_members(operation):
            # A spec botocore's model knows and the fake lacks is the fake's gap, not a bad
            # request: say so, rather than fail inside the handler.
            spec = normalized.get(member)
            if isinstance(spec, str) and spec not in KEY_SPECS:
                raise UnsupportedByFake(f"the key spec {spec} ({operation}'s {member})")
        check_operation(self.options.rules, region, operation)
        with self.store.lock:
            ctx = CallContext(
                operation, account, region, now, self.store, self.options, self.entropy
            )
            ctx.params, ctx.caller, ctx.access = normalized, caller, self.access
            ctx.enforce = self.access.enforce
            ctx.decisions, ctx.used_keys, ctx.trail = decisions, used, trail
            if ctx.enforce or "GrantTokens" in normalized:
                check_request(ctx, normalized)
            output = handler(ctx, normalized)
            if operation in TRACKED_OPERATIONS:
                for key in ctx.used_keys:
                    key.last_usage = KeyLastUsage(operation, now, request_id)
            return output

    def _key_id_or_none(self, reference: str) -> str | None:
        try:
            return self.find_key(reference).key_id
        except LookupError:
            return None

    def find_key(self, reference: str, region: str | None = None) -> Key:
        """The stored key for a key id, key ARN, alias name or alias ARN, in any state, in any
        account and region (narrowed by `region` and by what the reference names)."""
        ref = parse_reference(reference)
        with self.store.lock:
            matches: list[Key] = []
            for store in self.store.regions():
                if region not in (None, store.region) or ref.region not in (None, store.region):
                    continue
                if ref.account not in (None, store.account_id):
                    continue
                key_id = ref.name
                if ref.form in (ALIAS_NAME, ALIAS_ARN):
                    alias = store.aliases.get(ref.name)
                    key_id = alias.target_key_id if alias else ""
                if key_id in store.keys:
                    matches.append(store.keys[key_id])
        if len(matches) != 1:
            found = "no key" if not matches else f"{len(matches)} keys (pass region=...)"
            raise LookupError(f"{reference!r} names {found} in this fake")
        return matches[0]

    def create_key(self, region: str, account_id: str | None, params: Mapping[str, Any]) -> str:
        """CreateKey as the account's root, not logged as a call of the code under test."""
        response = self.dispatch(
            "CreateKey", params, region=region, account_id=account_id, record=False
        )
        if response.status >= 300:
            error = response.parsed["Error"]
            raise KmsError(error["Code"], error["Message"])
        return str(response.parsed["KeyMetadata"]["KeyId"])

    def force_key_state(self, reference: str, state: str, region: str | None = None) -> None:
        """Put a key in any state, including ones the API reaches only through custom key
        stores and multi-Region keys; the key keeps its material."""
        if state not in KEY_STATES:
            raise ValueError(f"unknown key state {state!r}; choose one of {', '.join(KEY_STATES)}")
        key = self.find_key(reference, region)
        with self.store.lock:
            now = _clock.now()
            key.set_state(state, now)
            if state == "PendingDeletion":
                if key.deletion_date is None:
                    key.deletion_date = now + DEFAULT_PENDING_WINDOW_DAYS * _clock.SECONDS_PER_DAY
                watch(self.store.region(key.account_id, key.region), key)
            else:
                key.deletion_date = None

    def teardown_problems(self) -> list[str]:
        """What a test should fail for at teardown: calls the fake could not serve, bugs inside
        it, and injected faults that never fired."""
        unused = [f"Injected fault never used: {f.describe()}" for f in self.faults.unconsumed()]
        return [*self.problems, *unused]

    def reset(self) -> None:
        """Forget every key, alias, call and problem."""
        with self.store.lock:
            self.store.clear()
            self.calls.clear()
            self.problems.clear()
