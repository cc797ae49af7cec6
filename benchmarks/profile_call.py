#!/usr/bin/env python
"""Where one Encrypt call through pytest-kmsfake spends its time.

    python benchmarks/profile_call.py [--calls 20000] [--operation Encrypt] [--top 15]

Profiles N calls through a boto3 client while ``mock_kms()`` is active with cProfile and
prints the share of time per group:

  botocore param events/validation  BaseClient._emit_api_params (provide-client-params,
                                    before-parameter-build) and botocore.validate
  botocore event emission           the before-call / after-call emits made by our bridge
  our dispatch                      pytest_kmsfake modules other than the ones below
                                    (seam, bridge, KmsService.dispatch, ops, key resolution, ...)
  input normalization/validation    pytest_kmsfake._rules.model
  response building                 pytest_kmsfake._service.wire
  crypto                            cryptography + pytest_kmsfake._crypto.symmetric
  call logging                      pytest_kmsfake._state.calls + KmsFake._log/_record helpers
                                    (a KmsCall built inline in KmsService.dispatch cannot be told
                                    apart from other dataclass __init__s in pstats, so the
                                    script also measures logging by A/B: see the end)
  outside the seam                  botocore's generated client method, the wrapt wrapper
                                    and this script's loop

How time is attributed (pstats has per-function totals and per caller->callee edge totals,
not full stacks):
  * Every function is either *owned* by a group (by module, or by name for
    `_emit_api_params` / `KmsFake._log`) or *unowned* (stdlib, builtins, botocore internals
    such as botocore.hooks, dataclass-generated __init__).
  * An owned function's self time (tottime) goes to its group. Summing self times never
    double-counts, so the groups add up to the whole profile.
  * An unowned function's self time is split over its direct callers using pstats' per-edge
    tottime (exact for one level) and charged to the caller's group; if that caller is itself
    unowned, its share is split further up in proportion to the per-edge cumulative time of
    that caller's callers (the gprof assumption: every call of a function costs the same).
  * Edges from our bridge (`call_through_fake`) into `emit_until_response` / `emit` are
    group boundaries: everything below them counts as "botocore event emission", while the
    same hooks code reached from `_emit_api_params` counts as param events.
cProfile adds a fixed cost to every Python-level call, so code made of many small Python calls
(botocore hooks, our normalization) looks bigger than code that runs in C (AES-GCM, json); the
"≈ µs unprofiled" column scales each share to the unprofiled per-call time and inherits that bias.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from typing import Any, Callable

sys.dont_write_bytecode = True
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import boto3  # noqa: E402

from pytest_kmsfake import mock_kms  # noqa: E402

REGION = "us-east-1"
PLAINTEXT = b"p" * 100

Func = tuple[str, int, str]  # pstats' (filename, line, function name)

PARAMS = "botocore param events/validation"
EVENTS = "botocore event emission (before-call/after-call)"
DISPATCH = "our dispatch (pytest_kmsfake, other modules)"
MODEL = "input normalization/validation (_model)"
WIRE = "response building (_wire)"
CRYPTO = "crypto (cryptography + _symmetric)"
LOGGING = "call logging (_calls, KmsFake._log)"
OUTSIDE = "outside the seam (client method, wrapt, loop)"
GROUPS = [PARAMS, EVENTS, DISPATCH, MODEL, WIRE, CRYPTO, LOGGING, OUTSIDE]

_SEP = os.sep


def _in(filename: str, *parts: str) -> bool:
    path = filename.replace("\\", "/")
    return any(part in path for part in parts)


# Helpers shared by every layer; their time belongs to whoever called them.
_SHARED_HELPERS = ("pytest_kmsfake/_state/clock.py", "pytest_kmsfake/_rules/errors.py")


def owner(func: Func) -> str | None:
    """The group a function belongs to by itself, or None when it is charged to its callers."""
    filename, _, name = func
    if _in(filename, "botocore/validate.py") or (
        name == "_emit_api_params" and _in(filename, "botocore/client.py")
    ):
        return PARAMS
    if _in(filename, "pytest_kmsfake/_crypto/symmetric.py", "/cryptography/"):
        return CRYPTO
    if _in(filename, "pytest_kmsfake/_rules/model.py"):
        return MODEL
    if _in(filename, "pytest_kmsfake/_service/wire.py"):
        return WIRE
    if _in(filename, "pytest_kmsfake/_state/calls.py"):
        return LOGGING
    if _in(filename, *_SHARED_HELPERS):
        return None
    if _in(filename, "pytest_kmsfake/"):
        return DISPATCH
    return None


def edge_group(caller: Func, callee: Func) -> str | None:
    """Group boundaries that depend on who calls: the bridge's own before-/after-call emits."""
    if (
        caller[2] == "call_through_fake"
        and _in(callee[0], "botocore/hooks.py")
        and callee[2] in ("emit", "emit_until_response")
    ):
        return EVENTS
    return None


def attribute(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of self time per group (see the module docstring for the method)."""
    table: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    memo: dict[Func, dict[str, float]] = {}

    def via(caller: Func, callee: Func, stack: frozenset[Func]) -> dict[str, float]:
        """How time spent in `callee` on behalf of `caller` splits over the groups."""
        group = edge_group(caller, callee) or owner(caller)
        if group is not None:
            return {group: 1.0}
        if caller in stack or caller not in table:
            return {OUTSIDE: 1.0}
        return split(caller, stack | {caller})

    def split(func: Func, stack: frozenset[Func]) -> dict[str, float]:
        """How the time of unowned `func` splits over groups, by its callers' cumulative time."""
        if func in memo:
            return memo[func]
        callers = table[func][4]
        total = sum(edge[3] for edge in callers.values())
        result: dict[str, float] = defaultdict(float)
        if not callers:
            result[OUTSIDE] = 1.0
        for caller, edge in callers.items():
            weight = edge[3] / total if total > 0 else 1.0 / len(callers)
            for group, fraction in via(caller, func, stack).items():
                result[group] += weight * fraction
        memo[func] = dict(result)
        return memo[func]

    seconds: dict[str, float] = defaultdict(float)
    for func, (_, _, tottime, _, callers) in table.items():
        group = owner(func)
        if group is not None:
            seconds[group] += tottime
            continue
        charged = 0.0
        for caller, edge in callers.items():
            share = edge[2]  # this caller's part of func's self time
            charged += share
            for g, fraction in via(caller, func, frozenset({func})).items():
                seconds[g] += share * fraction
        if tottime - charged > 0:  # a root, or rounding
            seconds[OUTSIDE] += tottime - charged
    return seconds


def cumulative(stats: pstats.Stats, match: Callable[[Func], bool]) -> float:
    table: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    return float(sum(v[3] for f, v in table.items() if match(f)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile calls through pytest-kmsfake.")
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument(
        "--operation",
        default="Encrypt",
        choices=["Encrypt", "Decrypt", "GenerateDataKey", "DescribeKey"],
    )
    parser.add_argument("--top", type=int, default=15, help="functions listed by self time")
    args = parser.parse_args(argv)
    n = args.calls

    client = boto3.client("kms", region_name=REGION)
    with mock_kms() as fake:
        key = client.create_key()["KeyMetadata"]["KeyId"]
        blob = client.encrypt(KeyId=key, Plaintext=PLAINTEXT)["CiphertextBlob"]
        call: Callable[[], Any] = {
            "Encrypt": lambda: client.encrypt(KeyId=key, Plaintext=PLAINTEXT),
            "Decrypt": lambda: client.decrypt(CiphertextBlob=blob),
            "GenerateDataKey": lambda: client.generate_data_key(KeyId=key, KeySpec="AES_256"),
            "DescribeKey": lambda: client.describe_key(KeyId=key),
        }[args.operation]
        for _ in range(500):  # warm-up
            call()

        # Unprofiled reference: same loop, same growing call log.
        fake.calls.clear()
        gc.collect()
        t0 = time.perf_counter_ns()
        for _ in range(n):
            call()
        plain_us = (time.perf_counter_ns() - t0) / n / 1000
        fake.calls.clear()
        gc.collect()

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            call()
        profiler.disable()
        fake.calls.clear()
        logging_ab = _logging_ab(fake, call, n)

    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    groups = attribute(stats)
    accounted = sum(groups.values())

    print(f"{n:,} {args.operation} calls through mock_kms() (100-byte plaintext where relevant)")
    print(f"unprofiled: {plain_us:.1f} µs/call; under cProfile: {total / n * 1e6:.1f} µs/call")
    print()
    width = max(len(g) for g in GROUPS)
    print(f"{'group':<{width}}  {'share':>6}  {'µs/call profiled':>16}  {'≈ µs unprofiled':>15}")
    print(f"{'-' * width}  ------  ----------------  ---------------")
    for group in GROUPS:
        sec = groups.get(group, 0.0)
        share = sec / accounted if accounted else 0.0
        profiled = sec / n * 1e6
        print(f"{group:<{width}}  {share * 100:5.1f}%  {profiled:16.1f}  {share * plain_us:15.1f}")
    print(f"{'total':<{width}}  {100.0:5.1f}%  {accounted / n * 1e6:16.1f}  {plain_us:15.1f}")

    # Cross-checks: cumulative time of the entry points (these nest, so they do not add up).
    print("\nCumulative time of entry points (µs/call, profiled; nested, do not add up):")
    ops = ("encrypt", "decrypt", "generate_data_key", "describe_key")
    entry: list[tuple[str, Callable[[Func], bool]]] = [
        ("_seam._route (everything under the patch)",
         lambda f: f[2] == "_route" and _in(f[0], "pytest_kmsfake/_client/seam.py")),
        ("_bridge.call_through_fake", lambda f: f[2] == "call_through_fake"),
        ("  BaseClient._emit_api_params", lambda f: f[2] == "_emit_api_params"),
        ("  botocore.validate.validate_parameters", lambda f: f[2] == "validate_parameters"),
        ("  KmsService.dispatch",
         lambda f: f[2] == "dispatch" and _in(f[0], "pytest_kmsfake/_service/service.py")),
        ("    _model.prepare_input", lambda f: f[2] == "prepare_input"),
        ("    handler (_ops)", lambda f: _in(f[0], "pytest_kmsfake/_service/ops/") and f[2] in ops),
        ("      _resolve.resolve_key", lambda f: f[2] == "resolve_key"),
        ("      _symmetric.seal / open_sealed",
         lambda f: f[2] in ("seal", "open_sealed") and _in(f[0], "_symmetric.py")),
        ("    _wire.build_response", lambda f: f[2] == "build_response"),
        ("    CallLog.append",
         lambda f: f[2] == "append" and _in(f[0], "pytest_kmsfake/_state/calls.py")),
    ]  # fmt: skip
    for label, match in entry:
        print(f"  {label:<44} {cumulative(stats, match) / n * 1e6:8.1f}")

    if logging_ab is not None:
        with_log, without_log = logging_ab
        print(
            f"\nCall logging by A/B (unprofiled, interleaved, medians): {with_log:.1f} µs/call "
            f"with the log, {without_log:.1f} without KmsCall/CallLog.append -> "
            f"{with_log - without_log:.1f} µs/call for logging"
        )

    print(f"\nTop {args.top} functions by self time (µs/call, profiled):")
    table: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    ranked = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[: args.top]
    for func, (_, ncalls, tottime, cumtime, _) in ranked:
        filename, line, name = func
        where = name if filename == "~" else f"{_short(filename)}:{line}({name})"
        group = owner(func) or "(charged to callers)"
        per_call = f"{tottime / n * 1e6:6.2f} self {cumtime / n * 1e6:6.2f} cum {ncalls / n:5.1f}x"
        print(f"  {per_call}  {where}  [{group}]")
    return 0


def _logging_ab(fake: Any, call: Callable[[], Any], n: int) -> tuple[float, float] | None:
    """Median µs/call with the call log as is, and with KmsCall construction and
    CallLog.append replaced in memory by no-ops (nothing on disk changes), interleaved."""
    import pytest_kmsfake._fake as fake_module

    real_call = getattr(fake_module, "KmsCall", None)
    if real_call is None:
        return None

    class _NoCall:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.retry_delay: float | None = None

    def run(batch: int) -> float:
        gc.disable()
        try:
            t0 = time.perf_counter_ns()
            for _ in range(batch):
                call()
            return (time.perf_counter_ns() - t0) / batch / 1000
        finally:
            gc.enable()

    batch = max(200, n // 20)
    with_log: list[float] = []
    without_log: list[float] = []
    for r in range(10):
        for variant in ("with", "without") if r % 2 == 0 else ("without", "with"):
            if variant == "with":
                with_log.append(run(batch))
                fake.calls.clear()
                continue
            setattr(fake_module, "KmsCall", _NoCall)  # noqa: B010
            fake.calls.append = lambda _call: None
            try:
                without_log.append(run(batch))
            finally:
                setattr(fake_module, "KmsCall", real_call)  # noqa: B010
                del fake.calls.append
    return statistics.median(with_log), statistics.median(without_log)


def _short(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("site-packages/", "pytest_kmsfake/", "lib/python"):
        if marker in path:
            head = path.split(marker, 1)[1]
            return ("pytest_kmsfake/" + head) if marker == "pytest_kmsfake/" else head
    return os.path.basename(path)


if __name__ == "__main__":
    sys.exit(main())
