"""`KmsEndpoint`: a threaded HTTP/1.1 server that hands each KMS request to the service.

One thread per connection (keep-alive connections are reused by every SDK), each request
read whole before the service sees it: a client that disconnects mid-request never reaches
the service, so it cannot leave a half-made change. `stop()` closes the listening socket and
every open connection and joins their threads, so nothing outlives the server.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Protocol

from botocore.utils import parse_timestamp

from .._access.principals import AccessState
from .._rules.errors import KmsError
from .._service.wire import TimestampParser, WireResponse, error_response
from .._state import clock
from . import protocol
from .sigv4 import check_signature

LOOPBACK = "127.0.0.1"
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found"}
_REASONS.update({405: "Method Not Allowed", 411: "Length Required", 413: "Payload Too Large"})
_REASONS.update({500: "Internal Server Error", 503: "Service Unavailable"})


class Dispatch(Protocol):
    """What serves one call: `KmsService.dispatch`."""

    def __call__(
        self,
        operation: str,
        params: Mapping[str, Any],
        *,
        region: str,
        account_id: str | None = None,
        timestamp_parser: TimestampParser = parse_timestamp,
        recorded_params: Mapping[str, Any] | None = None,
        record: bool = True,
        principal: str | None = None,
        user_agent: str | None = None,
        access_key_id: str | None = None,
    ) -> WireResponse: ...


class ControlApi(Protocol):
    """The `/_kmsfake/...` routes: a method and path in, a status and JSON-able value out."""

    def handle(self, method: str, path: str, body: bytes) -> tuple[int, Any]: ...


CallLogger = Callable[[str], None]


class KmsEndpoint:
    """Serves `dispatch` at http://<host>:<port>/ until `stop()`."""

    def __init__(
        self,
        dispatch: Dispatch,
        access: AccessState,
        *,
        host: str = LOOPBACK,
        port: int = 0,
        control: ControlApi | None = None,
        log: CallLogger | None = None,
        secret_keys: Mapping[str, str] | None = None,
    ) -> None:
        self.dispatch = dispatch
        self.access = access
        self.control = control
        self.log = log
        # With secrets, every request's signature is checked (`sigv4`); without, none is.
        self.secret_keys = dict(secret_keys or {})
        self._server = _Server((host, port), _Handler)
        self._server.endpoint = self
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}"

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> KmsEndpoint:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._server.serve_forever,
                    kwargs={"poll_interval": 0.05},
                    name=f"kmsfake-endpoint-{self._server.server_address[1]}",
                    daemon=True,
                )
                self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, close every connection and wait for every thread (idempotent)."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is not None:
                self._server.shutdown()
                thread.join(timeout)
            self._server.server_close()
            self._server.close_connections(timeout)

    def serve_forever(self) -> None:
        """Serve in the calling thread until `shutdown()` from another one (the CLI)."""
        try:
            self._server.serve_forever(poll_interval=0.05)
        finally:
            self._server.server_close()
            self._server.close_connections(5.0)

    def shutdown(self) -> None:
        self._server.shutdown()

    # --- one request ------------------------------------------------------------------------

    def answer(self, headers: Any, body: bytes, path: str = "/") -> WireResponse:
        """The response to one `POST /` whose body has been read whole."""
        started = time.perf_counter()
        operation, region = "?", "?"
        try:
            credential = protocol.credential_of(headers.get("Authorization"))
            region = credential.region
            if self.secret_keys:
                check_signature(self.secret_keys, credential, "POST", path, headers, body)
            operation = protocol.operation_of(headers.get("X-Amz-Target"))
            params = protocol.params_of(operation, body)
        except KmsError as refused:
            response = error_response(refused, clock.now())
        else:
            principal = self.access.access_keys.get(credential.access_key_id)
            try:
                response = self.dispatch(
                    operation,
                    params,
                    region=region,
                    recorded_params=params,
                    principal=principal,
                    # The request's own, for the call's CloudTrail event.
                    user_agent=headers.get("User-Agent"),
                    access_key_id=credential.access_key_id,
                )
            except NotImplementedError as gap:  # the fake lacks it; it noted the problem
                response = error_response(KmsError("UnsupportedByFake", str(gap)), clock.now())
        if self.log is not None:
            elapsed = (time.perf_counter() - started) * 1000
            code = response.parsed.get("Error", {}).get("Code", "")
            self.log(f"{operation} {region} {response.status} {code} {elapsed:.1f}ms".rstrip())
        return response


class _Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer that remembers its connections and their threads, to close and
    join them on stop."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    endpoint: KmsEndpoint

    def __init__(self, address: tuple[str, int], handler: Any) -> None:
        self._open: dict[socket.socket, threading.Thread] = {}
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name="kmsfake-endpoint-connection",
            daemon=True,
        )
        with self._open_lock:
            self._open[request] = worker
        worker.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except OSError:
            pass  # the client went away; nothing was half-served
        except Exception:  # pragma: no cover - a bug in the handler
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self._open_lock:
                self._open.pop(request, None)

    def close_connections(self, timeout: float) -> None:
        with self._open_lock:
            connections = list(self._open.items())
        for connection, _ in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for _, worker in connections:
            if worker is not threading.current_thread():
                worker.join(max(0.0, deadline - time.monotonic()))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pytest-kmsfake"
    disable_nagle_algorithm = True
    timeout = 300  # an idle keep-alive connection is closed after this many seconds
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # calls are logged by the endpoint, not as access lines on stderr

    def do_POST(self) -> None:
        endpoint = self.server.endpoint
        body = self._read_body()
        if body is None:
            return
        if self.path.startswith("/_kmsfake/"):
            self._control("POST", body)
            return
        if self.path.split("?", 1)[0] != "/":
            self._send_error(KmsError("UnknownOperationException", None, 404))
            return
        self._send(endpoint.answer(self.headers, body, self.path))

    def do_GET(self) -> None:
        if self.path.startswith("/_kmsfake/"):
            self._control("GET", b"")
            return
        self._send_error(KmsError("UnknownOperationException", None, 404))

    def do_DELETE(self) -> None:
        if self.path.startswith("/_kmsfake/"):
            self._control("DELETE", b"")
            return
        self._send_error(KmsError("UnknownOperationException", None, 404))

    def _read_body(self) -> bytes | None:
        """The whole body, or None after answering (or dropping) a request that has none."""
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            self._send_error(KmsError("MissingContentLength", "Content-Length is required", 411))
            return None
        try:
            length = int(length_header)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send_error(protocol.unreadable())
            return None
        if length > protocol.MAX_BODY_BYTES:
            self.close_connection = True  # the body is not read: drop the connection after
            self._send_error(protocol.too_large(length))
            return None
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client went away mid-request: nothing reaches the service
            self.close_connection = True
            return None
        return body

    def _control(self, method: str, body: bytes) -> None:
        control = self.server.endpoint.control
        if control is None:
            self._send_error(KmsError("UnknownOperationException", "the control API is off", 404))
            return
        status, value = control.handle(method, self.path, body)
        payload = json.dumps(value, default=str).encode()
        self._write(status, {"content-type": "application/json"}, payload)

    def _send_error(self, error: KmsError) -> None:
        self._send(error_response(error, clock.now()))

    def _send(self, response: WireResponse) -> None:
        self._write(response.status, response.headers, response.body)

    def _write(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}"]
        lines += [f"{name}: {value}" for name, value in headers.items() if name != "content-length"]
        lines.append(f"content-length: {len(body)}")
        if self.close_connection:
            lines.append("connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head + body)
