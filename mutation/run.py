"""Mutation testing of the modules whose mistakes a test suite most easily misses.

    python mutation/run.py                      # every module in MODULES, all workers
    python mutation/run.py --modules _client.guard     # one module
    python mutation/run.py --limit 20           # a quick look: the first 20 mutants of each

Each mutant (see `mutants.py`) is one change to one module. A worker keeps a copy of the
repository, writes the mutated module into it, and forks a pre-warmed interpreter that runs
pytest there with `-x`. A mutant is killed when a test fails (or the run hangs or crashes),
and survives when every test passes.

Two passes keep it fast: first each mutant meets the tests that killed earlier mutants of
its module, then the module's own test files; then each survivor meets the whole suite, the
tests that killed mutants first, so that the figure is the whole suite's. Mutants listed in
`equivalent.py` (changes no behaviour can show, each with its reason) are left out of the
score. The figures go to `RESULTS.md`.

    python mutation/run.py --modules _service.resolve --workers 1
    python mutation/run.py --modules _service.resolve --survivors-of mutation/results.json

`results.json` keeps the latest figures of every module: a run replaces the rows of the
modules it ran and keeps the others. `--survivors-of` reruns only the survivors (after new
tests, say) and counts the module's other mutants as killed, as the earlier run found them.
`--suite` narrows the whole-suite pass to some test files, for an environment that runs only
those: the aiobotocore mutants of the seam die only where aiobotocore is installed, and there
(tox -e async) botocore is older than the rest of the suite expects:

    .venv-async/bin/python mutation/run.py --modules _client.seam \
        --survivors-of mutation/results.json --suite tests/test_async.py tests/test_guard.py \
        tests/test_seam.py tests/test_faults.py tests/test_listeners.py
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from equivalent import EQUIVALENT  # noqa: E402
from mutants import Mutant, apply, mutants_of  # noqa: E402

# The modules named by the project: the rule tables, the key-resolution chokepoint, the
# symmetric ciphertext format, the call log, the network guard and the seam.
MODULES = (
    "_rules.operations",
    "_rules.key_specs",
    "_rules.key_states",
    "_rules.limits",
    "_rules.arns",
    "_rules.aws_managed",
    "_rules.wrapping",
    "_rules.algorithms",
    "_rules.regions",
    "_rules.access",
    "_service.resolve",
    "_crypto.symmetric",
    "_state.calls",
    "_client.guard",
    "_client.seam",
)
# Files left out of the first pass: they start inner pytest runs, subprocesses or a type
# checker and take most of the suite's time. Survivors meet them in the second pass.
SLOW_FILES = (
    "tests/test_plugin.py",
    "tests/test_xdist.py",
    "tests/test_awscli.py",
    "tests/test_typing.py",
    "tests/test_readme.py",
    "tests/test_docs_snippets.py",
    "tests/test_isolation.py",
)
# Where to look first for each module's mutants: the tests written for it. The stages stop
# at the first failing test; only a survivor of every stage costs a whole-suite run.
FIRST_FILES: dict[str, tuple[str, ...]] = {
    "_rules.operations": (
        "tests/test_operation_rows.py",
        "tests/test_documented_key_states.py",
        "tests/test_documented_key_specs.py",
        "tests/test_documented_service.py",
        "tests/test_keys.py",
    ),
    "_rules.key_specs": ("tests/test_documented_key_specs.py", "tests/test_key_specs.py"),
    "_rules.key_states": ("tests/test_documented_key_states.py", "tests/test_keys.py"),
    "_rules.limits": ("tests/test_documented_service.py", "tests/test_keys.py"),
    "_rules.arns": (
        "tests/test_partitions.py",
        "tests/test_documented_service.py",
        "tests/test_keys.py",
    ),
    "_rules.aws_managed": ("tests/test_documented_service.py", "tests/test_aws_managed_keys.py"),
    "_rules.wrapping": ("tests/test_documented_service.py", "tests/test_rotation_import.py"),
    "_rules.algorithms": (
        "tests/test_documented_key_specs.py",
        "tests/test_documented_service.py",
        "tests/test_key_specs.py",
        "tests/test_asymmetric.py",
    ),
    "_rules.regions": ("tests/test_documented_regions.py", "tests/test_regions.py"),
    "_rules.access": (
        "tests/test_documented_service.py",
        "tests/test_documented_conditions.py",
        "tests/test_grants.py",
        "tests/test_key_policies.py",
        "tests/test_policies_enforced.py",
        "tests/test_access_false_greens.py",
        "tests/test_aliases_tags_policies.py",
        "tests/test_conditions.py",
        "tests/test_access_reference.py",
        "tests/test_principals.py",
        "examples/cookbook/test_docs_tables.py",
    ),
    "_service.resolve": (
        "tests/test_keys.py",
        "tests/test_documented_key_states.py",
        "tests/test_documented_service.py",
        "tests/test_multi_region.py",
        "tests/test_custom_key_stores.py",
        "tests/test_aws_managed_keys.py",
        "tests/test_policies_enforced.py",
        "tests/test_rotation_import.py",
        "tests/test_asymmetric.py",
        "tests/test_regions.py",
    ),
    "_crypto.symmetric": ("tests/test_ciphertext_format.py", "tests/test_crypto_ops.py"),
    "_state.calls": ("tests/test_call_log_messages.py", "tests/test_calls.py"),
    "_client.guard": ("tests/test_guard.py",),
    "_client.seam": (
        "tests/test_seam.py",
        "tests/test_guard.py",
        "tests/test_async.py",
        "tests/test_listeners.py",
    ),
}
KILLERS_FIRST = 40  # how many earlier killers a mutant meets before the module's files
TIMEOUT_SECONDS = 300
COPIED = (
    "pytest_kmsfake",
    "tests",
    "examples",
    "docs",
    "mutation",
    "pyproject.toml",
    "conftest.py",
    "README.md",
    "LICENSE",
    "MANIFEST.in",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", nargs="*", default=list(MODULES))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=0, help="first N mutants per module")
    parser.add_argument("--match", default="", help="only mutants whose key contains this")
    parser.add_argument(
        "--survivors-of", type=Path, help="only the survivors listed in an earlier results file"
    )
    parser.add_argument(
        "--quick", action="store_true", help="the module's own tests only (survivors unconfirmed)"
    )
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--suite",
        nargs="*",
        default=[],
        help="the test files the whole-suite pass (and the baseline) runs, for an environment "
        "that runs part of the suite (tox's async one); all of them by default",
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip checking that the suite passes first"
    )
    args = parser.parse_args(argv)
    if not args.no_baseline:
        # A failing test would "kill" every mutant: the unchanged code must pass first.
        baseline = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", *args.suite],
            cwd=ROOT,
        )
        if baseline.returncode != 0:
            print("the suite fails without any mutant; fix that first", file=sys.stderr)
            return 2

    mutants = []
    for module in args.modules:
        source = (ROOT / "pytest_kmsfake" / f"{module.replace('.', '/')}.py").read_text()
        found = mutants_of(module, source)
        mutants.extend(found[: args.limit] if args.limit else found)
    stale = set(EQUIVALENT) - {m.key for m in mutants}
    every = mutants  # the figures count every mutant of the modules run
    if args.survivors_of:
        # A mutant that an earlier run's tests killed is killed by the whole suite too: rerun
        # only the survivors of the modules that run covered, and every mutant of the others.
        earlier = json.loads(args.survivors_of.read_text())
        wanted = {survivor["key"] for survivor in earlier["survivors"]}
        # A module whose mutants changed since (its source did) runs whole.
        count = Counter(m.module for m in mutants)
        covered = {m for m, row in earlier["modules"].items() if row["mutants"] == count[m]}
        mutants = [m for m in mutants if m.key in wanted or m.module not in covered]
    if args.match:
        mutants = [m for m in mutants if args.match in m.key]
        every = mutants
    candidates = [m for m in mutants if m.key not in EQUIVALENT]
    print(f"{len(mutants)} mutants, {len(mutants) - len(candidates)} listed as equivalent")

    started = time.monotonic()
    survivors, killers = _run_pass(candidates, args.workers, [], [], label="the module's tests")
    if not args.quick:
        survivors, _ = _run_pass(
            survivors, args.workers, killers or ["-"], args.suite, label="the whole suite"
        )
    elapsed = time.monotonic() - started

    tests = "first pass" if args.quick else " ".join(args.suite) or "whole suite"
    report = _report(args.modules, every, survivors, elapsed, stale, tests=tests)
    if args.results.exists():  # the other modules keep their latest figures
        report = _merged(json.loads(args.results.read_text()), report)
    args.results.write_text(json.dumps(report, indent=2) + "\n")
    _print_summary(report)
    return 0


def _run_pass(
    mutants: list[Mutant],
    workers: int,
    whole_suite_killers: list[str],
    suite: list[str],
    *,
    label: str,
) -> tuple[list[Mutant], list[str]]:
    """Survivors, and the tests that killed mutants. Without `whole_suite_killers` each mutant
    meets its module's tests only; with them, the whole suite, those killers first."""
    if not mutants:
        return [], []
    print(f"{label}: {len(mutants)} mutants on {workers} workers", flush=True)
    chunks = [mutants[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        results = pool.starmap(_worker, [(chunk, whole_suite_killers, suite) for chunk in chunks])
    survivors = [mutant for chunk_survivors, _ in results for mutant in chunk_survivors]
    killers = list(dict.fromkeys(node for _, chunk_killers in results for node in chunk_killers))
    return survivors, killers


def _worker(
    mutants: list[Mutant], whole_suite_killers: list[str], suite: list[str]
) -> tuple[list[Mutant], list[str]]:
    """Runs in its own process: a private copy of the repository, then forked pytest runs."""
    copy = Path(tempfile.mkdtemp(prefix="kmsfake-mutant-"))
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    _prewarm()
    # A test that fails without any mutant would "kill" every mutant: check this copy first.
    for module in sorted({m.module for m in mutants}):
        selection = suite if whole_suite_killers else _stages(copy, module, [])[-1]
        failing = _run_tests(copy, selection)
        if failing is not None:
            shutil.rmtree(copy, ignore_errors=True)
            raise RuntimeError(f"{failing or 'the test run'} fails without any mutant")
    killers: dict[str, list[str]] = {}
    survivors = []
    try:
        for number, mutant in enumerate(mutants, 1):
            target = copy / "pytest_kmsfake" / f"{mutant.module.replace('.', '/')}.py"
            original = target.read_text()
            target.write_text(apply(original, mutant.node_index, mutant.operator, mutant.variant))
            known = killers.setdefault(mutant.module, [])
            try:
                if whole_suite_killers:  # ["-"]: the whole suite, no killers known
                    killer = _run_tests(copy, suite, first=whole_suite_killers)
                else:
                    killer = _first_failure(copy, _stages(copy, mutant.module, known))
            finally:
                target.write_text(original)
            if killer is None:
                survivors.append(mutant)
            elif killer and killer not in known:
                known.insert(0, killer)
            if number % 25 == 0:
                print(f"  [{os.getpid()}] {number}/{len(mutants)}", flush=True)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return survivors, [node for module_killers in killers.values() for node in module_killers]


def _stages(copy: Path, module: str, killers: list[str]) -> list[list[str]]:
    """Earlier killers of this module's mutants, then the module's own test files."""
    stages = []
    if killers:
        stages.append(killers[:KILLERS_FIRST])
    files = [name for name in FIRST_FILES.get(module, ()) if (copy / name).exists()]
    stages.append(files or [f"--ignore={name}" for name in SLOW_FILES])
    return stages


def _first_failure(copy: Path, stages: list[list[str]]) -> str | None:
    for selection in stages:
        killer = _run_tests(copy, selection)
        if killer is not None:
            return killer
    return None


def _prewarm() -> None:
    """Import what every run needs, before the package under test: each fork starts warm."""
    import boto3
    import botocore.session
    import cryptography.hazmat.primitives.asymmetric.ec  # noqa: F401
    import pytest  # noqa: F401

    botocore.session.get_session().get_service_model("kms")
    boto3.session.Session()


def _run_tests(copy: Path, selection: list[str], first: Sequence[str] = ()) -> str | None:
    """The node id of the test that failed ("" when the run crashed or hung), or None when
    every test passed."""
    failure = copy / ".mutant-failure"
    failure.unlink(missing_ok=True)
    pid = os.fork()
    if pid == 0:  # the child: pytest in the copy, output discarded
        os.chdir(copy)
        sys.path.insert(0, str(copy))
        # Subprocesses the tests start (the AWS CLI, pytester's subprocess runs, xdist
        # workers) import the mutated copy too, not the installed package.
        os.environ["PYTHONPATH"] = str(copy)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        code = _pytest_in_child(selection, first, failure)
        os._exit(code)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return ""
        time.sleep(0.02)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return None
    return failure.read_text() if failure.exists() else ""


def _pytest_in_child(selection: list[str], first: Sequence[str], failure: Path) -> int:
    import pytest

    rank = {node_id: position for position, node_id in enumerate(first)}

    class KillersFirstNoteFailure:
        def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
            items.sort(key=lambda item: rank.get(item.nodeid, len(rank)))

        def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
            if report.failed and not failure.exists():
                failure.write_text(report.nodeid)

    arguments = ["-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:xdist"]
    return int(pytest.main([*arguments, *selection], plugins=[KillersFirstNoteFailure()]))


def _report(
    modules: Iterable[str],
    mutants: list[Mutant],
    survivors: list[Mutant],
    elapsed: float,
    stale: set[str],
    *,
    tests: str,
) -> dict[str, object]:
    surviving = {m.key for m in survivors}
    per_module = {}
    for module in modules:
        mine = [m for m in mutants if m.module == module]
        equivalent = sum(1 for m in mine if m.key in EQUIVALENT)
        survived = sum(1 for m in mine if m.key in surviving)
        counted = len(mine) - equivalent
        per_module[module] = {
            "mutants": len(mine),
            "equivalent": equivalent,
            "killed": counted - survived,
            "survived": survived,
            "score": round(100 * (counted - survived) / counted, 1) if counted else 100.0,
            "tests": tests,  # what the survivors met last
            "python": sys.version.split()[0],
            "aiobotocore": _has("aiobotocore"),
            "seconds": round(elapsed),
        }
    return _with_total(
        {
            "modules": per_module,
            "operators": dict(Counter(m.operator for m in mutants)),
            "survivors": [asdict(m) | {"key": m.key} for m in survivors],
            "stale_equivalents": sorted(stale),
        }
    )


def _has(package: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(package) is not None


def _merged(earlier: dict[str, Any], latest: dict[str, Any]) -> dict[str, Any]:
    """The latest run's modules, and the other modules of `MODULES` as an earlier run left
    them."""
    ran = set(latest["modules"])
    kept = [m for m in earlier.get("modules", {}) if m in MODULES and m not in ran]
    modules = {m: earlier["modules"][m] for m in kept} | latest["modules"]
    survivors = [s for s in earlier.get("survivors", []) if s["module"] in kept]
    return _with_total(
        {
            "modules": {m: modules[m] for m in MODULES if m in modules},
            "operators": latest["operators"],
            "survivors": survivors + latest["survivors"],
            "stale_equivalents": latest["stale_equivalents"],
        }
    )


def _with_total(report: dict[str, Any]) -> dict[str, Any]:
    per_module = report["modules"]
    counted = sum(v["mutants"] - v["equivalent"] for v in per_module.values())
    killed = sum(v["killed"] for v in per_module.values())
    total = sum(v["mutants"] for v in per_module.values())
    report["total"] = {
        "mutants": total,
        "equivalent": total - counted,
        "killed": killed,
        "survived": counted - killed,
        "score": round(100 * killed / counted, 1) if counted else 100.0,
    }
    return report


def _print_summary(report: dict[str, object]) -> None:
    modules = report["modules"]
    assert isinstance(modules, dict)
    for module, row in modules.items():
        counted = row["mutants"] - row["equivalent"]
        print(f"{module:14} {row['killed']:5}/{counted:5}  {row['score']}%")
    print(f"total          {report['total']}")
    for survivor in report["survivors"]:  # type: ignore[attr-defined]
        print(f"  SURVIVED line {survivor['line']}: {survivor['key']}")


if __name__ == "__main__":
    raise SystemExit(main())
