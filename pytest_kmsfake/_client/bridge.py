"""From a botocore client call to the fake and back, keeping what botocore users rely on.

Runs in place of `BaseClient._make_api_call` for KMS clients while a fake is active:
- `provide-client-params` / `before-parameter-build` handlers run (a Stubber's param checks);
  an event only botocore's own inert handlers hear is not emitted (see `_listeners`);
- botocore's own parameter validation raises `ParamValidationError` as usual;
- `before-call` handlers run and a response they return wins (a Stubber keeps priority);
- `after-call` handlers see the response; errors are the client's modeled exceptions.
Skipped: endpoint resolution, serialization, signing and the network. So no credentials are
needed, nothing is signed with real ones, and no request can leave the process.

The call is written once, as the generator `call_steps`, which yields what it needs done
(emit an event, serve an attempt, sleep) and gets the answer back. `call_through_fake` drives
it for botocore; `async_bridge.acall_through_fake` drives the same steps for aiobotocore,
awaiting each.
"""

from __future__ import annotations

import base64
import functools
import time
import weakref
from collections.abc import Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.client import BaseClient
from botocore.exceptions import EndpointConnectionError
from botocore.hooks import first_non_none_response
from botocore.utils import parse_timestamp
from botocore.validate import ParamValidationDecorator, validate_parameters

from .._access.principals import access_key_of
from .._crypto.entropy import random_uuid
from .._rules.arns import is_known_region
from .._service.wire import CONTENT_TYPE, WireResponse
from .listeners import listened, parameter_events_listened

if TYPE_CHECKING:
    from .._service.service import KmsService

_FALLBACK_REGION = "us-east-1"


class _Body:
    """The `raw` of an AWSResponse: botocore reads `.content` through `stream()`."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


class _Response(AWSResponse):
    """An AWSResponse whose HeadersDict is built only if a handler reads it: most calls
    never look, and building it is a noticeable share of a call."""

    def __init__(self, url: str, status_code: int, headers: dict[str, str], body: bytes):
        self.url = url
        self.status_code = status_code
        self.raw = _Body(body)
        self._content = body
        self._plain_headers = headers
        self._headers: Any = None

    @property
    def headers(self) -> Any:
        if self._headers is None:
            self._headers = HeadersDict(self._plain_headers)
        return self._headers

    @headers.setter
    def headers(self, value: Any) -> None:
        self._headers = value


# What the call flow asks its driver to do (`call_steps` yields these; the sync driver does
# them directly, the async driver awaits them): emit an event in one of botocore's three ways,
# serve one attempt, or sleep before a retry.
EMIT_API_PARAMS = "emit-api-params"  # -> the api_params the parameter handlers return
EMIT_UNTIL_RESPONSE = "emit-until-response"  # -> the response a handler returned, or None
EMIT_FIRST_RESPONSE = "emit-first-response"  # -> the first non-None handler response
EMIT = "emit"  # -> nothing
SERVE = "serve"  # -> (WireResponse, the HTTP response) of one attempt
SLEEP = "sleep"  # -> nothing
Step = tuple[str, Any, Any]


def call_steps(
    service: KmsService,
    client: Any,
    operation_name: str,
    api_params: Mapping[str, Any],
    response_class: type[_Response] = _Response,
) -> Generator[Step, Any, Any]:
    """The whole of one client call, written once for both drivers: what botocore would do,
    with sending replaced by the service's dispatch. Returns the parsed response; raises the
    client's modeled exception for an error."""
    caller_params = dict(api_params)  # before any parameter handler can change it
    operation_model, request_dict, event_suffix = prepare_call(client, operation_name)
    request_context = request_dict["context"]
    if parameter_events_listened(client, operation_model, event_suffix):
        api_params = yield (
            EMIT_API_PARAMS,
            None,
            {
                "api_params": api_params,
                "operation_model": operation_model,
                "context": request_context,
            },
        )
    validate_request(client, operation_model, api_params)

    event_response = None
    before_call = before_call_event(client, operation_model, request_dict, event_suffix)
    if before_call is not None:
        event_response = yield (EMIT_UNTIL_RESPONSE, *before_call)
    if event_response is not None:  # a Stubber (or another before-call handler) answered
        http, parsed = event_response
    else:
        _refuse_unknown_region(client)
        # Serve, then let the client's retry mode decide on a failure exactly as botocore's
        # endpoint does: the `needs-retry` event with the same arguments, and its delay.
        retries = request_context.setdefault("retries", {})
        attempts = 1
        while True:
            retries["attempt"] = attempts
            serve = functools.partial(
                serve_once,
                service,
                client,
                operation_model,
                api_params,
                caller_params,
                response_class,
            )
            wire, http = yield (SERVE, serve, None)
            if wire.status < 300:  # botocore's retry handlers never retry a success
                break
            retry = retry_event(client, operation_model, request_dict, attempts, http, wire)
            delay = note_retry(wire, (yield (EMIT_FIRST_RESPONSE, *retry)))
            if delay is None:
                break
            if service.options.sleep_on_retry:
                yield (SLEEP, delay, None)
            attempts += 1
        wire.parsed["ResponseMetadata"]["RetryAttempts"] = attempts - 1
        parsed = wire.parsed

    after_call = {
        "http_response": http,
        "parsed": parsed,
        "model": operation_model,
        "context": request_context,
    }
    yield (EMIT, "after-call." + event_suffix, after_call)
    if http.status_code >= 300:
        raise client_error(client, parsed, operation_name)
    return parsed


def call_through_fake(
    service: KmsService, client: BaseClient, operation_name: str, api_params: Mapping[str, Any]
) -> Any:
    """The sync driver of `call_steps`."""
    steps = call_steps(service, client, operation_name, api_params)
    events: Any = client.meta.events
    answer: Any = None
    try:
        while True:
            kind, subject, arguments = steps.send(answer)
            if kind == SERVE:
                answer = subject()
            elif kind == EMIT:
                answer = events.emit(subject, **arguments)
            elif kind == EMIT_UNTIL_RESPONSE:
                answer = events.emit_until_response(subject, **arguments)[1]
            elif kind == EMIT_FIRST_RESPONSE:
                answer = first_non_none_response(events.emit(subject, **arguments))
            elif kind == EMIT_API_PARAMS:
                answer = client._emit_api_params(**arguments)  # type: ignore[attr-defined]
            else:  # SLEEP
                time.sleep(subject)
                answer = None
    except StopIteration as done:
        return done.value


def before_call_event(
    client: Any, operation_model: Any, request_dict: dict[str, Any], event_suffix: str
) -> tuple[str, dict[str, Any]] | None:
    """The `before-call` event botocore emits before sending: its name and arguments, or None
    when only botocore's own inert handlers would hear it (`_listeners`)."""
    name = "before-call." + event_suffix
    if not listened(client.meta.events, name, operation_model):
        return None
    return name, {
        "model": operation_model,
        "params": request_dict,
        "request_signer": client._request_signer,
        "context": request_dict["context"],
    }


def validate_request(client: Any, operation_model: Any, api_params: Mapping[str, Any]) -> None:
    """botocore's own parameter validation (ParamValidationError), unless the client was made
    with `Config(parameter_validation=False)`. botocore keeps that setting nowhere but in the
    choice of serializer (its validating decorator or the bare one), so that is what tells."""
    input_shape = operation_model.input_shape
    serializer = getattr(client, "_serializer", None)
    if serializer is None or isinstance(serializer, ParamValidationDecorator):
        if input_shape is not None:
            validate_parameters(api_params, input_shape)
    else:
        # Without validation, botocore's serializer is what fails on a member it cannot
        # write (KeyError for an unknown one, and so on): let it, as it would before sending.
        serializer.serialize_to_request(api_params, operation_model)


def prepare_call(client: Any, operation_name: str) -> tuple[Any, dict[str, Any], str]:
    """The operation model, the request dict botocore's before-call and needs-retry handlers
    get (its "context" is the request context the parameter events get), and the
    "<service id>.<operation>" suffix of the call's event names."""
    meta = client.meta
    service_model = meta.service_model
    operation_model = service_model.operation_model(operation_name)
    request_context: dict[str, Any] = {
        "client_region": meta.region_name,
        "client_config": meta.config,
        "has_streaming_input": operation_model.has_streaming_input,
        "auth_type": operation_model.auth_type,
    }
    request_dict = {
        "url_path": "/",
        "query_string": "",
        "method": "POST",
        "headers": {"X-Amz-Target": f"TrentService.{operation_name}", "Content-Type": CONTENT_TYPE},
        "body": b"",
        "url": meta.endpoint_url,
        "context": request_context,
    }
    return operation_model, request_dict, _event_suffix(service_model.service_id, operation_name)


@functools.cache
def _event_suffix(service_id: Any, operation: str) -> str:
    """ "<service id>.<operation>", as botocore spells event names (hyphenize() is not free)."""
    return f"{service_id.hyphenize()}.{operation}"


def serve_once(
    service: KmsService,
    client: Any,
    operation_model: Any,
    api_params: Mapping[str, Any],
    caller_params: Mapping[str, Any],
    response_class: type[_Response] = _Response,
) -> tuple[WireResponse, _Response]:
    """One attempt: the fake's answer, and the HTTP response botocore's handlers see."""
    meta = client.meta
    # The parsers botocore's endpoint would use: its factory's, with any defaults a program
    # set (the AWS CLI keeps blobs as base64 text, and timestamps as on the wire).
    factory = getattr(getattr(client, "_endpoint", None), "_response_parser_factory", None)
    defaults = getattr(factory, "_defaults", None)
    access = service.access
    user_agent, access_key_id = _client_facts(client)
    wire = service.dispatch(
        operation_model.name,
        api_params,
        region=meta.region_name or _FALLBACK_REGION,
        timestamp_parser=(defaults and defaults.get("timestamp_parser")) or parse_timestamp,
        recorded_params=caller_params,
        # The caller behind the client's access key, when the fake maps access keys.
        principal=access.principal_for_client(client) if access.access_keys else None,
        user_agent=user_agent,
        access_key_id=access_key_id,
    )
    if defaults and defaults.get("blob_parser") is not None:
        _reparse_blobs(operation_model.output_shape, wire.parsed, defaults["blob_parser"])
    return wire, response_class(meta.endpoint_url, wire.status, wire.headers, wire.body)


# Per client, what its calls' CloudTrail events show: its user agent and access key. Read
# once: building botocore's user agent string costs more than the rest of a call's logging.
_CLIENT_FACTS: weakref.WeakKeyDictionary[Any, tuple[str | None, str | None]] = (
    weakref.WeakKeyDictionary()
)


def _client_facts(client: Any) -> tuple[str | None, str | None]:
    try:
        facts = _CLIENT_FACTS.get(client)
    except TypeError:  # not weakly referenceable
        return _user_agent(client), access_key_of(client)
    if facts is None:
        facts = _CLIENT_FACTS[client] = (_user_agent(client), access_key_of(client))
    return facts


def _user_agent(client: Any) -> str | None:
    """The User-Agent botocore would send for this client."""
    creator = getattr(client, "_user_agent_creator", None)
    try:
        if creator is not None:
            return str(creator.to_string())
        return str(client.meta.config.user_agent)
    except Exception:  # a client botocore's user agent code does not know
        return None


def retry_event(
    client: Any,
    operation_model: Any,
    request_dict: dict[str, Any],
    attempts: int,
    http: AWSResponse,
    wire: WireResponse,
) -> tuple[str, dict[str, Any]]:
    """The `needs-retry` event botocore's endpoint emits after a failed attempt: its name and
    arguments, so the client's retry mode decides (and picks the delay) as with AWS."""
    request_dict["context"]["retries"].setdefault("invocation-id", random_uuid())
    service_id = client.meta.service_model.service_id.hyphenize()
    return f"needs-retry.{service_id}.{operation_model.name}", {
        "response": (http, wire.parsed),
        "endpoint": getattr(client, "_endpoint", None),
        "operation": operation_model,
        "attempts": attempts,
        "caught_exception": None,
        "request_dict": request_dict,
    }


def note_retry(wire: WireResponse, delay: Any) -> float | None:
    """The delay before the next attempt (None: no retry), recorded on the failed call."""
    if delay is None or delay is False:
        return None
    if wire.call is not None:
        wire.call.retry_delay = float(delay)
    return float(delay)


def client_error(client: Any, parsed: dict[str, Any], operation_name: str) -> Exception:
    """The client's modeled exception for an error response (ClientError for the others)."""
    code = parsed.get("Error", {}).get("Code")
    error_class: Any = client.exceptions.from_code(code)
    return error_class(parsed, operation_name)  # type: ignore[no-any-return]


def _refuse_unknown_region(client: BaseClient) -> None:
    """A region that exists nowhere (a typo such as "us-east1") has no KMS endpoint: AWS's
    client fails to connect, so the fake's does too. A custom endpoint_url is left alone."""
    region = client.meta.region_name
    url = client.meta.endpoint_url or ""
    if region and not is_known_region(region) and ".amazonaws.com" in url:
        raise EndpointConnectionError(endpoint_url=url)


def _reparse_blobs(shape: Any, value: Any, blob_parser: Any) -> Any:
    """Blobs as a client with its own blob parser gets them from the wire's base64 text: the
    AWS CLI, for one, keeps them as that text (`set_parser_defaults(blob_parser=identity)`)."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "blob" and isinstance(value, (bytes, bytearray)):
        return blob_parser(base64.b64encode(value).decode("ascii"))
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                value[name] = _reparse_blobs(member, value[name], blob_parser)
    elif kind == "list" and isinstance(value, list):
        value[:] = [_reparse_blobs(shape.member, item, blob_parser) for item in value]
    elif kind == "map" and isinstance(value, dict):
        for key in value:
            value[key] = _reparse_blobs(shape.value, value[key], blob_parser)
    return value
