#!/usr/bin/env python
"""Side-by-side cost of pytest-kmsfake, botocore's Stubber and moto's ``mock_aws``.

    python benchmarks/bench.py              # full run (about a minute on a 2-core machine)
    python benchmarks/bench.py --quick      # short run (under 30 s)
    python benchmarks/bench.py --markdown   # the table as Markdown
    python benchmarks/bench.py --only over_http   # one section (repeatable)

Method
------
Everything runs in one process. Each measurement is a set of *contenders* (ours, Stubber,
moto, ...). Every contender is first warmed up (one untimed batch), its batch size is then
calibrated so that one batch takes roughly the same wall time for everyone, and then for each
of N rounds every contender runs one batch, in an order rotated by one each round, so slow
drifts of the machine (frequency scaling, noisy neighbours) hit all contenders alike. A batch
is timed with ``time.perf_counter_ns`` around the bare call loop only, with the garbage
collector disabled (it is re-enabled between batches). Reported: the median over rounds of
the per-call time of a batch; the "noise" column is the largest relative interquartile range
among the contenders of that row.

Isolation: before each batch the contender's environment is switched on and after it off
(untimed): our fake with ``fake.start()`` / ``fake.stop()``, moto with
``mock_aws().start(reset=False)`` / ``stop(remove_data=False)`` (so its state survives between
batches), and the Stubber runs with neither active. So no contender's patch is in place while
another is timed.

Stubber: its canned responses are queued with ``add_response`` *before* the timed region of
each batch (the queue holds exactly one batch), so the Stubber column is botocore's own
per-call client work only; the cost of ``add_response`` is measured while filling the queue
and shown in a separate row.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
import traceback
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Union

sys.dont_write_bytecode = True
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# moto needs credentials (it signs requests before intercepting them); our fake needs none.
REGION = "us-east-1"
for _name in (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SECURITY_TOKEN",
    "AWS_SESSION_TOKEN",
):
    os.environ[_name] = "testing"
os.environ["AWS_DEFAULT_REGION"] = REGION

try:
    import boto3
    from botocore.exceptions import ClientError
    from botocore.stub import Stubber
    from moto import mock_aws
except ImportError as exc:  # pragma: no cover - depends on the environment
    sys.exit(f"{exc}; install the benchmark extras: pip install boto3 'moto[kms]'")

import pytest_kmsfake  # noqa: E402  (after the environment is set)
from pytest_kmsfake import mock_kms  # noqa: E402
from pytest_kmsfake._crypto import material as _material  # noqa: E402

# Warm asymmetric key material for the "warm" CreateKey rows (see create_key()).
KEY_CACHE = Path(__file__).resolve().parent / ".key-cache"

# What "not supported" looks like: the fake's KmsFakeUnsupported (a NotImplementedError), or an
# AWS error from the fake or moto (moto answers ValidationException for specs it lacks).
_Unsupported: tuple[type[BaseException], ...] = (NotImplementedError, ClientError)
_KmsFakeUnsupported = getattr(pytest_kmsfake, "KmsFakeUnsupported", None)
if isinstance(_KmsFakeUnsupported, type) and issubclass(_KmsFakeUnsupported, BaseException):
    _Unsupported = (_KmsFakeUnsupported, *_Unsupported)

NA = "n/a (not supported yet)"
NA_MOTO = "n/a (not supported)"
DASH = "—"
PLAINTEXT = b"p" * 100
MESSAGE = b"m" * 100
BIG_REGION_KEYS = 10_000

Cell = Union[float, str, None]


# --- settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    rounds: int  # rounds for the per-call and activation measurements
    slow_rounds: int  # rounds for the very slow ones (RSA_4096 key generation)
    target_ms: float  # wall time one batch should take, batch sizes are calibrated to it
    memory_calls: int  # calls recorded for the memory measurement

    @classmethod
    def for_args(cls, args: argparse.Namespace) -> Settings:
        base = cls(5, 2, 8.0, 2_000) if args.quick else cls(31, 15, 50.0, 10_000)
        if args.rounds:
            base = cls(
                args.rounds,
                max(1, min(args.rounds, base.slow_rounds)),
                base.target_ms,
                base.memory_calls,
            )
        return base


# --- timing machinery ----------------------------------------------------------------------


@dataclass
class Contender:
    """One thing to time: `call` is the operation; `enter`/`exit` switch its environment on
    and off around each batch and `prepare(n)` readies a batch of n calls (all untimed)."""

    name: str
    call: Callable[[], Any]
    enter: Callable[[], Any] | None = None
    exit: Callable[[], Any] | None = None
    prepare: Callable[[int], Any] | None = None
    max_batch: int = 100_000
    n: int = 1
    prepare_us: list[float] = field(default_factory=list)

    def batch(self, n: int) -> float:
        """Per-call microseconds of one batch of n calls."""
        if self.enter is not None:
            self.enter()
        try:
            if self.prepare is not None:
                p0 = time.perf_counter_ns()
                self.prepare(n)
                self.prepare_us.append((time.perf_counter_ns() - p0) / n / 1000)
            call = self.call
            loop = range(n)
            gc.disable()
            try:
                t0 = time.perf_counter_ns()
                for _ in loop:
                    call()
                t1 = time.perf_counter_ns()
            finally:
                gc.enable()
        finally:
            if self.exit is not None:
                self.exit()
        return (t1 - t0) / n / 1000


def interleave(
    contenders: Sequence[Contender], rounds: int, target_ms: float
) -> dict[str, list[float]]:
    """Warm up and calibrate every contender, then run `rounds` rounds of one batch each in
    rotated order. Per-call microseconds of every batch, by contender name."""
    for contender in contenders:
        contender.batch(1)  # warm-up: first-call costs (model loading, lazy imports)
        estimate = contender.batch(min(3, contender.max_batch))  # calibration
        wanted = int(target_ms * 1000 / max(estimate, 0.01))
        contender.n = max(1, min(contender.max_batch, wanted))
        contender.prepare_us.clear()
    samples: dict[str, list[float]] = {c.name: [] for c in contenders}
    for r in range(rounds):
        k = r % len(contenders)
        for contender in [*contenders[k:], *contenders[:k]]:
            samples[contender.name].append(contender.batch(contender.n))
    return samples


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> float:
    """Interquartile range relative to the median."""
    if len(values) < 4:
        return (max(values) - min(values)) / median(values) if len(values) > 1 else 0.0
    q = statistics.quantiles(values, n=4)
    return (q[2] - q[0]) / median(values)


def time_once(fn: Callable[[], Any]) -> float:
    """Microseconds of one call (gc disabled)."""
    gc.disable()
    try:
        t0 = time.perf_counter_ns()
        fn()
        return (time.perf_counter_ns() - t0) / 1000
    finally:
        gc.enable()


# --- results -------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    unit: str
    ours: Cell = None
    stub: Cell = None
    moto: Cell = None
    noise: float | None = None
    note: str = ""


class Results:
    def __init__(self) -> None:
        self.sections: list[tuple[str, list[Row]]] = []

    def section(self, title: str) -> list[Row]:
        rows: list[Row] = []
        self.sections.append((title, rows))
        print(f"  {title} ...", file=sys.stderr, flush=True)
        return rows


SCALE = {"µs": 1.0, "ms": 1e-3}


def cell_from(samples: dict[str, list[float]], name: str, unit: str) -> Cell:
    if name not in samples:
        return None
    return median(samples[name]) * SCALE[unit]


def noise_of(samples: dict[str, list[float]]) -> float:
    return max(spread(v) for v in samples.values())


# --- contender environments ----------------------------------------------------------------


class Moto:
    """One `mock_aws` whose data survives between batches."""

    def __init__(self) -> None:
        self.mock = mock_aws()
        self.mock.start()  # reset=True: a clean moto for this section
        self.client = boto3.client("kms", region_name=REGION)
        self.mock.stop(remove_data=False)

    def enter(self) -> None:
        self.mock.start(reset=False)

    def exit(self) -> None:
        self.mock.stop(remove_data=False)

    def run(self, fn: Callable[[], Any]) -> Any:
        self.enter()
        try:
            return fn()
        finally:
            self.exit()


class Ours:
    def __init__(self, client: Any) -> None:
        self.fake = mock_kms()
        self.client = client

    def enter(self) -> None:
        self.fake.start()

    def exit(self) -> None:
        self.fake.stop()

    def run(self, fn: Callable[[], Any]) -> Any:
        self.fake.start()
        try:
            return fn()
        finally:
            self.fake.stop()


class Stub:
    def __init__(self) -> None:
        self.client = boto3.client("kms", region_name=REGION)
        self.stubber = Stubber(self.client)
        self.stubber.activate()

    def filler(self, method: str, response: dict[str, Any]) -> Callable[[int], None]:
        stubber = self.stubber

        def fill(n: int) -> None:
            for _ in range(n):
                stubber.add_response(method, response)  # expected_params=None: no param check

        return fill

    def exit(self) -> None:
        self.stubber.assert_no_pending_responses()


def canned(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def try_call(fn: Callable[[], Any]) -> tuple[Any, str | None]:
    try:
        return fn(), None
    except _Unsupported as exc:
        return None, type(exc).__name__


# --- measurements --------------------------------------------------------------------------


def per_call(results: Results, s: Settings, ours_client: Any) -> None:
    rows = results.section("1. Per call (median µs per call)")
    ours = Ours(ours_client)
    moto = Moto()
    stub = Stub()
    oc, mc, sc = ours.client, moto.client, stub.client

    def setup(client: Any) -> dict[str, Any]:
        key = client.create_key(Description="bench")["KeyMetadata"]["KeyId"]
        blob = client.encrypt(KeyId=key, Plaintext=PLAINTEXT)["CiphertextBlob"]
        return {"key": key, "blob": blob}

    o = ours.run(lambda: setup(oc))
    m = moto.run(lambda: setup(mc))
    # Canned responses for the Stubber: what our fake answers, without ResponseMetadata.
    samples_of = ours.run(
        lambda: {
            "encrypt": canned(oc.encrypt(KeyId=o["key"], Plaintext=PLAINTEXT)),
            "decrypt": canned(oc.decrypt(CiphertextBlob=o["blob"])),
            "generate_data_key": canned(oc.generate_data_key(KeyId=o["key"], KeySpec="AES_256")),
            "describe_key": canned(oc.describe_key(KeyId=o["key"])),
        }
    )
    stub_key = o["key"]

    ops: list[tuple[str, str, Callable[[Any, dict[str, Any]], Callable[[], Any]]]] = [
        ("Encrypt (100 B plaintext)", "encrypt",
         lambda c, st: lambda: c.encrypt(KeyId=st["key"], Plaintext=PLAINTEXT)),
        ("Decrypt", "decrypt", lambda c, st: lambda: c.decrypt(CiphertextBlob=st["blob"])),
        ("GenerateDataKey (AES_256)", "generate_data_key",
         lambda c, st: lambda: c.generate_data_key(KeyId=st["key"], KeySpec="AES_256")),
        ("DescribeKey", "describe_key", lambda c, st: lambda: c.describe_key(KeyId=st["key"])),
    ]  # fmt: skip
    stub_state = {"key": stub_key, "blob": o["blob"]}
    add_costs: list[float] = []
    for label, method, make in ops:
        stub_c = Contender(
            "stub",
            make(sc, stub_state),
            prepare=stub.filler(method, samples_of[method]),
            exit=stub.exit,
        )
        contenders = [
            Contender("ours", make(oc, o), ours.enter, ours.exit),
            stub_c,
            Contender("moto", make(mc, m), moto.enter, moto.exit),
        ]
        samples = interleave(contenders, s.rounds, s.target_ms)
        add_costs += stub_c.prepare_us
        rows.append(_row(label, "µs", samples))

    # Sign with an ECC_NIST_P256 key: detect support on each side.
    def sign_setup(client: Any) -> dict[str, Any]:
        key = client.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"][
            "KeyId"
        ]
        client.sign(KeyId=key, Message=MESSAGE, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
        return {"key": key}

    def sign(c: Any, st: dict[str, Any]) -> Callable[[], Any]:
        return lambda: c.sign(
            KeyId=st["key"], Message=MESSAGE, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256"
        )

    o_sign, o_why = ours.run(lambda: try_call(lambda: sign_setup(oc)))
    m_sign, _m_why = moto.run(lambda: try_call(lambda: sign_setup(mc)))
    sign_response = None
    if m_sign is not None:
        sign_response = canned(moto.run(lambda: sign(mc, m_sign)()))
    elif o_sign is not None:
        sign_response = canned(ours.run(lambda: sign(oc, o_sign)()))
    contenders = []
    if o_sign is not None:
        contenders.append(Contender("ours", sign(oc, o_sign), ours.enter, ours.exit))
    if sign_response is not None:
        st = {"key": stub_key}
        contenders.append(
            Contender(
                "stub", sign(sc, st), prepare=stub.filler("sign", sign_response), exit=stub.exit
            )
        )
    if m_sign is not None:
        contenders.append(Contender("moto", sign(mc, m_sign), moto.enter, moto.exit))
    # The signature alone, as any program makes it with cryptography: the part of a real
    # Sign that no fake doing the real crypto can avoid.
    contenders.append(Contender("signature", p256_signature_alone()))
    samples = interleave(contenders, s.rounds, s.target_ms) if contenders else {}
    signature_us = samples.pop("signature")
    row = _row("Sign (ECC_NIST_P256, ECDSA_SHA_256, 100 B)", "µs", samples)
    if o_sign is None:
        row.ours = NA
        row.note = f"ours: CreateKey/Sign raised {o_why}"
    if m_sign is None:
        row.moto = NA_MOTO
    rows.append(row)
    rows.append(
        Row(
            "… the P-256 signature alone (cryptography, no KMS call)",
            "µs",
            ours=median(signature_us),
            note="ECDSA_SHA_256 over the same 100 B with OpenSSL, timed in the same rounds",
        )
    )
    if o_sign is not None:
        # Per round, so the difference comes from batches that ran side by side.
        beyond = [call - alone for call, alone in zip(samples["ours"], signature_us)]
        rows.append(
            Row(
                "… Sign less the signature alone",
                "µs",
                ours=median(beyond),
                stub=row.stub,
                note="everything a Sign call costs besides the signature, against the Stubber",
            )
        )

    rows.append(
        Row(
            "Stubber add_response, per canned response",
            "µs",
            stub=median(add_costs) if add_costs else None,
            note="excluded from every Stubber cell above (queued before the timed region)",
        )
    )


def activation(results: Results, s: Settings) -> None:
    rows = results.section("2. Activation + teardown (median µs per enter/exit)")

    def ours_bare() -> None:
        with mock_kms():
            pass

    def moto_bare() -> None:
        with mock_aws():
            pass

    def ours_client() -> None:
        with mock_kms():
            boto3.client("kms", region_name=REGION)

    def moto_client() -> None:
        with mock_aws():
            boto3.client("kms", region_name=REGION)

    def ours_create() -> None:
        with mock_kms():
            boto3.client("kms", region_name=REGION).create_key()

    def moto_create() -> None:
        with mock_aws():
            boto3.client("kms", region_name=REGION).create_key()

    cases = [
        ("Activate + exit, bare", ours_bare, moto_bare, ""),
        ("… with boto3.client('kms') inside", ours_client, moto_client,
         "moto resets boto3.DEFAULT_SESSION, so its client builds a new Session"),
        ("… with client + one CreateKey inside", ours_create, moto_create,
         "moto's CreateKey generates an RSA-2048 key even for symmetric keys"),
    ]  # fmt: skip
    for label, ours_fn, moto_fn, note in cases:
        samples = interleave(
            [Contender("ours", ours_fn), Contender("moto", moto_fn)], s.rounds, s.target_ms
        )
        rows.append(_row(label, "µs", samples, note=note))


def create_key(results: Results, s: Settings, ours_client: Any) -> None:
    rows = results.section("3. CreateKey (median µs per call)")
    ours = Ours(ours_client)
    moto = Moto()
    stub = Stub()
    response = canned(ours.run(lambda: ours.client.create_key()))
    moto.run(lambda: moto.client.create_key())
    samples = interleave(
        [
            Contender("ours", lambda: ours.client.create_key(), ours.enter, ours.exit),
            Contender(
                "stub",
                lambda: stub.client.create_key(),
                prepare=stub.filler("create_key", response),
                exit=stub.exit,
            ),
            Contender("moto", lambda: moto.client.create_key(), moto.enter, moto.exit),
        ],
        s.rounds,
        s.target_ms,
    )
    rows.append(
        _row("CreateKey SYMMETRIC_DEFAULT", "µs", samples, note="moto: RSA-2048 keygen per key")
    )

    for spec in ("RSA_4096", "ML_DSA_87"):

        def create(client: Any, spec: str = spec) -> Callable[[], Any]:
            return lambda: client.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")

        # Cold: the first key of the spec in the process, from an empty in-memory pool.
        _material.configure_pool(cache_dir=None)
        cold: dict[str, Cell] = {}
        warm: list[Contender] = []
        for name, env in (("ours", ours), ("moto", moto)):
            fn = create(env.client)
            env.enter()
            try:
                gc.disable()
                t0 = time.perf_counter_ns()
                _, why = try_call(fn)
                elapsed = (time.perf_counter_ns() - t0) / 1000
            finally:
                gc.enable()
                env.exit()
            if why is None:
                cold[name] = elapsed
                warm.append(Contender(name, fn, env.enter, env.exit, max_batch=200))
            else:
                cold[name] = NA if name == "ours" else NA_MOTO
        # Warm, for us: the key pool has keys ready, as pytest's cache directory provides
        # them from a suite's second run on (kms_fake_prefill fills it ahead of time). The
        # cache here is benchmarks/.key-cache; the first bench run fills it (slow, once).
        takes_per_round = 3
        if isinstance(cold["ours"], float):
            _material.configure_pool(cache_dir=KEY_CACHE)
            _material.prefill(spec, takes_per_round * (s.slow_rounds + 1) + 50)
        samples = {}
        if warm:
            samples = {c.name: [] for c in warm}
            for c in warm:
                est = c.batch(1)
                c.n = max(1, min(c.max_batch, int(s.target_ms * 1000 / max(est, 0.01))))
                if c.name == "ours":
                    c.n = takes_per_round
            for r in range(s.slow_rounds):
                k = r % len(warm)
                for c in [*warm[k:], *warm[:k]]:
                    samples[c.name].append(c.batch(c.n))
        rows.append(
            Row(
                f"CreateKey {spec}, cold (1st of that spec, 1 sample)",
                "µs",
                cold["ours"],
                None,
                cold["moto"],
            )
        )
        warm_row = _row(f"CreateKey {spec}, warm", "µs", samples)
        warm_row.stub = None
        for name in ("ours", "moto"):
            if not isinstance(cold[name], float):
                setattr(warm_row, name, cold[name])
        rows.append(warm_row)
        if spec == "RSA_4096" and isinstance(cold["ours"], float):
            rows.append(_fifty_warm_keys(ours, create(ours.client)))


def _fifty_warm_keys(ours: Any, fn: Callable[[], Any]) -> Row:
    """One test creating 50 RSA_4096 keys once the pool is warm: the whole cost."""
    ours.enter()
    try:
        t0 = time.perf_counter_ns()
        for _ in range(50):
            fn()
        elapsed_ms = (time.perf_counter_ns() - t0) / 1e6
    finally:
        ours.exit()
    return Row("50 x CreateKey RSA_4096 in one test, warm (total)", "ms", elapsed_ms, None, None)


def growth(results: Results, s: Settings, ours_client: Any) -> None:
    rows = results.section("4. Growth with 10,000 keys in the region")
    small = Ours(ours_client)
    big = Ours(ours_client)
    small_key = small.run(lambda: ours_client.create_key()["KeyMetadata"]["KeyId"])

    t0 = time.perf_counter()
    helper = getattr(big.fake, "create_key", None)

    def populate_ours() -> str:
        if callable(helper):
            ids = [helper() for _ in range(BIG_REGION_KEYS)]
        else:
            ids = [ours_client.create_key()["KeyMetadata"]["KeyId"] for _ in range(BIG_REGION_KEYS)]
        return str(ids[BIG_REGION_KEYS // 2])

    big_key = big.run(populate_ours)
    ours_fill_s = time.perf_counter() - t0
    how = "fake.create_key()" if callable(helper) else "client.create_key()"

    samples = interleave(
        [
            Contender(
                "small",
                lambda: ours_client.encrypt(KeyId=small_key, Plaintext=PLAINTEXT),
                small.enter,
                small.exit,
            ),
            Contender(
                "big",
                lambda: ours_client.encrypt(KeyId=big_key, Plaintext=PLAINTEXT),
                big.enter,
                big.exit,
            ),
        ],
        s.rounds,
        s.target_ms,
    )
    one, many = median(samples["small"]), median(samples["big"])
    rows.append(
        Row("Encrypt (100 B), 1 key in region", "µs", ours=one, noise=spread(samples["small"]))
    )
    rows.append(
        Row(
            f"Encrypt (100 B), {BIG_REGION_KEYS:,} keys in region",
            "µs",
            ours=many,
            noise=spread(samples["big"]),
            note=f"{many / one:.2f}x the 1-key cost; keys made with {how} in {ours_fill_s:.1f} s",
        )
    )

    moto = Moto()
    moto_fill_s, moto_how = _populate_moto(moto, BIG_REGION_KEYS)

    def list_all(client: Any) -> tuple[int, int]:
        kwargs: dict[str, Any] = {"Limit": 1000}
        count = pages = 0
        while True:
            page = client.list_keys(**kwargs)
            pages += 1
            count += len(page["Keys"])
            if not page.get("Truncated"):
                return count, pages
            kwargs["Marker"] = page["NextMarker"]

    o_count, o_pages = big.run(lambda: list_all(ours_client))
    m_count, m_pages = moto.run(lambda: list_all(moto.client))
    samples = interleave(
        [
            Contender("ours", lambda: list_all(ours_client), big.enter, big.exit),
            Contender("moto", lambda: list_all(moto.client), moto.enter, moto.exit),
        ],
        max(3, s.rounds // 2),
        s.target_ms,
    )
    rows.append(
        _row(
            f"ListKeys, all {BIG_REGION_KEYS:,} keys (Limit 1000)",
            "ms",
            samples,
            note=(
                f"ours {o_pages} pages/{o_count} keys, moto {m_pages} page(s)/{m_count} keys"
                + (" (moto ignores Limit)" if m_pages == 1 else "")
                + f"; moto keys made with {moto_how} in {moto_fill_s:.1f} s"
            ),
        )
    )


def _populate_moto(env: Moto, count: int) -> tuple[float, str]:
    """Fill moto's us-east-1 with `count` keys. moto generates an RSA-2048 private key for every
    key (even symmetric ones), which would take ~10 minutes for 10,000 keys, so for this setup
    only its key generator is replaced by one shared pre-generated key and keys are created
    through its backend; ListKeys itself is then timed through the client as usual."""
    t0 = time.perf_counter()
    env.enter()
    try:
        try:
            import moto.core
            import moto.kms.models as models

            account = getattr(moto.core, "DEFAULT_ACCOUNT_ID", "123456789012")
            real = getattr(models, "generate_private_key")  # noqa: B009
            shared = real("SYMMETRIC_DEFAULT")
            setattr(models, "generate_private_key", lambda spec: shared)  # noqa: B010
            try:
                backend = models.kms_backends[account][REGION]
                have = len(list(backend.list_keys()))
                for _ in range(count - have):
                    backend.create_key(None, "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", "", None)
            finally:
                setattr(models, "generate_private_key", real)  # noqa: B010
            how = "its backend (shared RSA key)"
        except Exception:  # moto internals changed: fall back to the client
            have = len(env.client.list_keys(Limit=1000)["Keys"])
            for _ in range(count - have):
                env.client.create_key()
            how = "its client"
        listed = len(env.client.list_keys()["Keys"])
        if listed != count:
            print(f"warning: moto lists {listed} keys, expected {count}", file=sys.stderr)
    finally:
        env.exit()
    return time.perf_counter() - t0, how


def memory(results: Results, s: Settings, ours_client: Any) -> None:
    rows = results.section("5. Memory of the call log")
    ours = Ours(ours_client)
    fake = ours.fake
    n = s.memory_calls

    def clear_log() -> None:
        clear = getattr(fake.calls, "clear", None)
        if callable(clear):
            clear()
        else:
            fake.reset()

    def measure() -> tuple[int, int]:
        key = ours_client.create_key()["KeyMetadata"]["KeyId"]
        for _ in range(50):  # warm-up
            ours_client.encrypt(KeyId=key, Plaintext=PLAINTEXT)
        clear_log()
        gc.collect()
        tracemalloc.start()
        try:
            for _ in range(n):
                ours_client.encrypt(KeyId=key, Plaintext=PLAINTEXT)
            gc.collect()
            with_log = tracemalloc.get_traced_memory()[0]
            recorded = len(fake.calls)
            clear_log()
            gc.collect()
            without_log = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        return with_log - without_log, recorded

    held, recorded = ours.run(measure)
    per_call = held / max(recorded, 1)
    rows.append(
        Row(
            "Call log, per 100,000 recorded Encrypt calls",
            "MB",
            ours=per_call * 100_000 / 1e6,
            note=f"{per_call:,.0f} B/call; {recorded:,} calls traced, scaled (MB = 10^6 B)",
        )
    )
    rows.append(_capped_log_memory(ours_client))


def startup(results: Results, s: Settings) -> None:
    """What installing the plugin adds to every pytest run, in a project that never uses KMS:
    `pytest` in an empty directory with the plugin and with ``-p no:kms_fake``, alternately
    (which goes first alternates too), each run a fresh process; medians."""
    import subprocess
    import tempfile

    rows = results.section("7. pytest startup in an empty project")
    rounds = min(s.rounds, 21)
    with tempfile.TemporaryDirectory() as project:
        Path(project, "pytest.ini").write_text("[pytest]\n", encoding="utf-8")

        def run(*extra: str) -> float:
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra]
            t0 = time.perf_counter_ns()
            subprocess.run(command, cwd=project, capture_output=True, check=False)
            return (time.perf_counter_ns() - t0) / 1e6

        samples: dict[str, list[float]] = {"with": [], "without": []}
        run()  # warm-up: byte-code caches, the page cache
        for r in range(rounds):
            order = ["with", "without"] if r % 2 == 0 else ["without", "with"]
            for name in order:
                samples[name].append(run() if name == "with" else run("-p", "no:kms_fake"))
    with_plugin, without = median(samples["with"]), median(samples["without"])
    rows.append(
        Row(
            "pytest startup, added by the plugin (with it less -p no:kms_fake)",
            "ms",
            ours=with_plugin - without,
            noise=noise_of(samples),
            note=f"medians over {rounds} runs each: {with_plugin:.0f} ms with the plugin, "
            f"{without:.0f} ms without; an empty project, pytest collecting nothing",
        )
    )


def _capped_log_memory(client: Any) -> Row:
    """With call_log_limit=1000, 100,000 calls hold no more than 1,000 records."""
    with mock_kms(call_log_limit=1000) as fake:
        key = fake.create_key()
        gc.collect()
        tracemalloc.start()
        try:
            for _ in range(100_000):
                client.encrypt(KeyId=key, Plaintext=PLAINTEXT)
            gc.collect()
            held = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        kept = len(fake.calls)
    return Row(
        "Call log, 100,000 Encrypt calls with call_log_limit=1000",
        "MB",
        ours=held / 1e6,
        note=f"all traced memory after the calls; {kept:,} records kept",
    )


class CannedServer:
    """The floor for the HTTP rows: the same kind of loopback server as the fake's endpoint
    (http.server, HTTP/1.1 keep-alive, one write per response) answering every request with
    one canned response, byte for byte the endpoint's (so the client parses the same headers),
    doing no work of its own."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        canned = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.wfile.write(canned.response)

        self.response = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer_with(self, wire: Any) -> None:
        self.response = raw_response(wire)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def raw_response(wire: Any) -> bytes:
    """A WireResponse's status line, headers and body, as bytes on the wire."""
    lines = [f"HTTP/1.1 {wire.status} OK"]
    lines += [f"{name}: {value}" for name, value in wire.headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + wire.body


class BareServer:
    """The least any server can do per request, to bound what a server's speed can win: a
    socket that reads up to the blank line and the Content-Length bytes after it, and writes
    the canned response. No HTTP library, no parsing beyond the length."""

    def __init__(self) -> None:
        import socket
        import threading

        self.response = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.connections: list[Any] = []
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def answer_with(self, wire: Any) -> None:
        self.response = raw_response(wire)

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # stopped
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: Any) -> None:
        pending = b""
        try:
            while True:
                while b"\r\n\r\n" not in pending:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    pending += chunk
                head, _, pending = pending.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(pending) < length:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    pending += chunk
                pending = pending[length:]
                connection.sendall(self.response)
        except OSError:
            return

    def stop(self) -> None:
        import contextlib
        import socket

        self.listener.close()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self.thread.join(5)


def over_http(results: Results, s: Settings) -> None:
    """Our fake served with `KmsFake.serve()`, moto's ThreadedMotoServer, and the floor (a
    canned loopback server), each called by a botocore client given `endpoint_url`."""
    rows = results.section("6. Over HTTP: botocore with endpoint_url (median µs per call)")
    import threading

    from botocore.config import Config
    from moto.server import ThreadedMotoServer  # needs moto[server]

    fake = pytest_kmsfake.KmsFake()  # not activated: its clients go over the loopback
    ours_url = fake.serve()
    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    host, port = moto_server.get_host_and_port()
    floor = CannedServer()
    bare = BareServer()
    config = Config(retries={"mode": "standard", "max_attempts": 1})

    def client(url: str) -> Any:
        return boto3.client("kms", region_name=REGION, endpoint_url=url, config=config)

    moto_url = f"http://{host}:{port}"
    urls = {"ours": ours_url, "moto": moto_url, "floor": floor.url, "bare": bare.url}
    try:
        clients = {name: client(url) for name, url in urls.items()}
        state: dict[str, dict[str, Any]] = {}
        for name in ("ours", "moto"):
            c = clients[name]
            key = c.create_key(Description="bench")["KeyMetadata"]["KeyId"]
            blob = c.encrypt(KeyId=key, Plaintext=PLAINTEXT)["CiphertextBlob"]
            state[name] = {"key": key, "blob": blob}
        state["floor"] = state["bare"] = state["ours"]
        o = state["ours"]
        ops: list[tuple[str, str, dict[str, Any], Callable[[Any, dict[str, Any]], Any]]] = [
            ("Encrypt (100 B plaintext)", "Encrypt", {"KeyId": o["key"], "Plaintext": PLAINTEXT},
             lambda c, st: lambda: c.encrypt(KeyId=st["key"], Plaintext=PLAINTEXT)),
            ("Decrypt", "Decrypt", {"CiphertextBlob": o["blob"]},
             lambda c, st: lambda: c.decrypt(CiphertextBlob=st["blob"])),
            ("DescribeKey", "DescribeKey", {"KeyId": o["key"]},
             lambda c, st: lambda: c.describe_key(KeyId=st["key"])),
        ]  # fmt: skip
        encrypt_wire = None
        for label, operation, params, make in ops:
            # The floor answers with the very response our endpoint sends for this call.
            wire = fake._service.dispatch(operation, params, region=REGION, record=False)
            floor.answer_with(wire)
            bare.answer_with(wire)
            encrypt_wire = encrypt_wire or wire
            contenders = [
                Contender(name, make(clients[name], state[name]), max_batch=2_000)
                for name in ("ours", "moto", "floor", "bare")
            ]
            samples = interleave(contenders, s.rounds, s.target_ms)
            rows.append(_http_row(label, samples))
            fake.calls.clear()

        floor.answer_with(encrypt_wire)
        bare.answer_with(encrypt_wire)
        per_client = 40 if s.rounds < 10 else 150
        samples = {}
        for name in ("ours", "moto", "floor", "bare"):
            thread_clients = [client(urls[name]) for _ in range(4)]
            st = state[name]
            for c in thread_clients:  # connections opened before timing
                c.encrypt(KeyId=st["key"], Plaintext=PLAINTEXT)

            def run(c: Any, st: dict[str, Any] = st) -> None:
                for _ in range(per_client):
                    c.encrypt(KeyId=st["key"], Plaintext=PLAINTEXT)

            walls = []
            for _ in range(max(3, s.rounds // 5)):
                threads = [threading.Thread(target=run, args=(c,)) for c in thread_clients]
                t0 = time.perf_counter_ns()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                walls.append((time.perf_counter_ns() - t0) / 1000 / (4 * per_client))
            samples[name] = walls
        row = _http_row("Encrypt, 4 concurrent clients (wall µs per call)", samples)
        ours_rate = 1e6 / median(samples["ours"])
        row.note = f"ours {ours_rate:,.0f} calls/s; " + row.note
        rows.append(row)
    finally:
        fake.stop()
        moto_server.stop()
        floor.stop()
        bare.stop()


def _http_row(label: str, samples: dict[str, list[float]]) -> Row:
    row = _row(label, "µs", samples)
    floor_us = median(samples["floor"])
    ours_us = median(samples["ours"])
    bare_us = median(samples["bare"])
    moto_us = median(samples["moto"])
    row.note = (
        f"floor {fmt(floor_us)} µs, ours/floor {ours_us / floor_us:.2f}x; bare server "
        f"{fmt(bare_us)} µs, moto/bare {moto_us / bare_us:.2f}x"
    )
    return row


def p256_signature_alone() -> Callable[[], bytes]:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    private_key = ec.generate_private_key(ec.SECP256R1())
    algorithm = ec.ECDSA(hashes.SHA256())
    return lambda: private_key.sign(MESSAGE, algorithm)


def _row(label: str, unit: str, samples: dict[str, list[float]], note: str = "") -> Row:
    return Row(
        label,
        unit,
        ours=cell_from(samples, "ours", unit),
        stub=cell_from(samples, "stub", unit),
        moto=cell_from(samples, "moto", unit),
        noise=noise_of(samples) if samples else None,
        note=note,
    )


# --- output --------------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = str(os.cpu_count())
    if hasattr(os, "sched_getaffinity"):
        cores += f" ({len(os.sched_getaffinity(0))} usable)"

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        ("Platform", platform.platform()),
        ("CPU", cpu),
        ("Cores", cores),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        *((dist, version(dist)) for dist in ("botocore", "boto3", "moto", "cryptography")),
        ("pytest-kmsfake", getattr(pytest_kmsfake, "__version__", version("pytest-kmsfake"))),
    ]


def fmt(value: Cell) -> str:
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(a: Cell, b: Cell) -> str:
    if isinstance(a, float) and isinstance(b, float) and b > 0:
        r = a / b
        return f"{r:.2f}x" if r < 10 else f"{r:.0f}x"
    return DASH


HEADERS = [
    "Measurement",
    "Unit",
    "ours",
    "Stubber",
    "moto",
    "ours/Stubber",
    "moto/ours",
    "noise",
    "Note",
]


def table_rows(results: Results) -> list[tuple[str | None, list[str]]]:
    out: list[tuple[str | None, list[str]]] = []
    for title, rows in results.sections:
        out.append((title, []))
        for row in rows:
            out.append(
                (
                    None,
                    [
                        row.label,
                        row.unit,
                        fmt(row.ours),
                        fmt(row.stub),
                        fmt(row.moto),
                        ratio(row.ours, row.stub),
                        ratio(row.moto, row.ours),
                        f"{row.noise * 100:.0f}%" if row.noise is not None else "",
                        row.note,
                    ],
                )
            )
    return out


def render(results: Results, s: Settings, markdown: bool, elapsed: float) -> str:
    lines: list[str] = []
    info = machine()
    method = (
        f"{s.rounds} rounds ({s.slow_rounds} for RSA_4096/ML_DSA_87 warm), batches calibrated to "
        f"~{s.target_ms:.0f} ms, contenders interleaved in rotated order; medians over rounds; "
        f"gc off inside batches. Stubber responses queued before each timed batch "
        f"(add_response cost shown separately, not subtracted). Region {REGION}. "
        f"Run took {elapsed:.0f} s."
    )
    if markdown:
        lines += ["| Machine | |", "|---|---|", *(f"| {k} | {v} |" for k, v in info)]
        lines += ["", method, ""]
        lines.append("| " + " | ".join(HEADERS) + " |")
        lines.append("|" + "|".join(["---", "---", *["---:"] * 6, "---"]) + "|")
        for title, cells in table_rows(results):
            if title is not None:
                lines.append(f"| **{title}** |" + " |" * (len(HEADERS) - 1))
            else:
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)

    width = max(len(k) for k, _ in info)
    lines += [f"{k:<{width}}  {v}" for k, v in info]
    lines += ["", method, ""]
    body = [cells for title, cells in table_rows(results) if title is None]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(HEADERS[:-1])]
    right = {2, 3, 4, 5, 6, 7}

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ]
        return "  ".join(parts) + ("  " + cells[-1] if cells[-1] else "")

    lines.append(line(HEADERS))
    lines.append("  ".join("-" * w for w in widths) + "  ----")
    for title, cells in table_rows(results):
        lines.append(f"{title}" if title is not None else line(cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run (under 30 s)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--rounds", type=int, default=0, help="override the number of rounds")
    parser.add_argument(
        "--only",
        action="append",
        choices=["per_call", "activation", "create_key", "growth", "memory", "over_http"],
        help="run only this section (repeatable)",
    )
    args = parser.parse_args(argv)
    settings = Settings.for_args(args)

    start = time.perf_counter()
    results = Results()
    print("benchmarking ...", file=sys.stderr, flush=True)
    ours_client = boto3.client("kms", region_name=REGION)  # created once, before any mock
    failed = 0
    sections: list[tuple[Callable[..., None], tuple[Any, ...]]] = [
        (per_call, (results, settings, ours_client)),
        (activation, (results, settings)),
        (create_key, (results, settings, ours_client)),
        (growth, (results, settings, ours_client)),
        (memory, (results, settings, ours_client)),
        (over_http, (results, settings)),
        (startup, (results, settings)),
    ]
    if args.only:
        sections = [entry for entry in sections if entry[0].__name__ in args.only]
    for section, section_args in sections:
        try:
            section(*section_args)
        except Exception as exc:  # keep the other sections; report the failure in the table
            failed += 1
            traceback.print_exc()
            _, rows = results.sections[-1]
            rows.append(
                Row(f"FAILED: {type(exc).__name__}", "", note=str(exc).splitlines()[0][:120])
            )
        finally:
            _stop_everything()
    print(render(results, settings, args.markdown, time.perf_counter() - start))
    return 1 if failed else 0


def _stop_everything() -> None:
    """After a failed section: leave no fake or moto mock active for the next one."""
    while True:
        fake = pytest_kmsfake.KmsFake.current() if hasattr(pytest_kmsfake, "KmsFake") else None
        if fake is None:
            break
        fake.stop()
    from moto.core.models import MockAWS

    while MockAWS._nested_count > 0:
        mock_aws().stop(remove_data=False)


if __name__ == "__main__":
    sys.exit(main())
