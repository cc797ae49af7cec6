"""The standalone server: `kmsfake-serve` or `python -m pytest_kmsfake serve`.

Prints the URL as the first line of stdout, then one line per call (unless --quiet), and
exits 0 on SIGINT or SIGTERM. Listens on 127.0.0.1 unless told otherwise, and then only with
--allow-remote: without --secret-key the fake checks no signature, so anyone who can reach it
can use its keys.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from ._endpoint.control import ControlRoutes
from ._endpoint.server import LOOPBACK, KmsEndpoint
from ._fake import KmsFake
from ._rules.regions import PROFILES
from ._service.options import OptionError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kmsfake-serve",
        description="Serve pytest-kmsfake's fake AWS KMS over HTTP (KMS's JSON wire protocol).",
    )
    parser.add_argument("--host", default=LOOPBACK, help="address to listen on (127.0.0.1)")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other than 127.0.0.1 (without --secret-key, no signature is checked)",
    )
    parser.add_argument("--port", type=int, default=0, help="port (0: a free one; the default)")
    parser.add_argument("--quiet", action="store_true", help="print no line per call")
    parser.add_argument("--no-control", action="store_true", help="turn off /_kmsfake/ routes")
    options = parser.add_argument_group("the fake's options (as the kms_fake marker's)")
    options.add_argument("--account-id", help="the account calls act in (12 digits)")
    options.add_argument("--region-profile", choices=sorted(PROFILES), help="region rules")
    options.add_argument("--keys", metavar="FILE", help="JSON or YAML file of keys to create")
    options.add_argument("--key-seed", help="make key material reproducible")
    options.add_argument(
        "--enforce-access", action="store_true", help="evaluate key and identity policies"
    )
    options.add_argument("--caller", help="principal ARN calls act as by default")
    options.add_argument(
        "--access-key",
        action="append",
        default=[],
        metavar="AKID=PRINCIPAL",
        help="map an access key id to a principal ARN (repeatable)",
    )
    options.add_argument(
        "--secret-key",
        action="append",
        default=[],
        metavar="AKID=SECRET",
        help="check SigV4 signatures: the secret of an access key id (repeatable); with none, "
        "no signature is checked",
    )
    options.add_argument("--call-log-limit", type=int, help="keep only the last N calls")
    return parser


def _fake_options(args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in ("account_id", "region_profile", "keys", "key_seed", "caller", "call_log_limit"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    if args.enforce_access:
        values["enforce_access"] = True
    if args.access_key:
        pairs = [item.split("=", 1) for item in args.access_key]
        if any(len(pair) != 2 for pair in pairs):
            raise OptionError("--access-key takes AKID=PRINCIPAL")
        values["access_keys"] = dict(pairs)
    if args.secret_key:
        pairs = [item.split("=", 1) for item in args.secret_key]
        if any(len(pair) != 2 for pair in pairs):
            raise OptionError("--secret-key takes AKID=SECRET")
        values["secret_keys"] = dict(pairs)
    return values


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:  # python -m pytest_kmsfake serve ...
        argv = argv[1:]
    parser = _parser()
    args = parser.parse_args(argv)
    if args.host != LOOPBACK and not args.allow_remote:
        parser.error(f"--host {args.host} needs --allow-remote (the fake is not a secure server)")
    try:
        fake = KmsFake(**_fake_options(args))
    except (OptionError, ValueError) as refused:
        parser.error(str(refused))

    def log(line: str) -> None:
        print(line, flush=True)

    try:
        endpoint = KmsEndpoint(
            fake._service.dispatch,
            fake._service.access,
            host=args.host,
            port=args.port,
            control=None if args.no_control else ControlRoutes(fake),
            log=None if args.quiet else log,
            secret_keys=fake._service.options.secret_keys,
        )
    except OSError as failed:
        print(f"kmsfake-serve: cannot listen on {args.host}:{args.port}: {failed}", file=sys.stderr)
        return 1
    if args.host != LOOPBACK:
        checked = "only signed requests (--secret-key) are served, but the fake is no secure server"
        print(
            f"kmsfake-serve: WARNING: listening on {args.host}: anyone who can reach this "
            "address can use the fake's keys; "
            + (checked if args.secret_key else "no signature is checked."),
            file=sys.stderr,
            flush=True,
        )
    stopping = threading.Event()

    def stop(signum: int, frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    endpoint.start()
    print(endpoint.url, flush=True)
    while not stopping.wait(0.5):
        pass
    endpoint.stop()
    for problem in fake.teardown_problems():
        print(f"kmsfake-serve: {problem}", file=sys.stderr)
    return 0
