"""The fake's options in a pytest run: the ini file read and checked once, at startup; the
`kms_fake` markers checked once, at collection; each test's options from the two.

A bad value is a usage error, said once, naming the ini option or the marker's keyword, with
no traceback: pytest stops before running a test. plugin.py registers the options and calls
these; nothing here imports botocore unless an option needs it (a principal, a keys file).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ._service.options import FakeOptions, OptionError, from_mapping, ini_options

_INI_OPTIONS = pytest.StashKey[FakeOptions]()
MARKER = "the kms_fake marker"


def _read_ini(config: pytest.Config) -> FakeOptions:
    def read(name: str) -> object:
        try:
            return config.getini(name)
        except pytest.UsageError as refused:  # pytest 9 wraps the ValueError of a bad bool
            raise ValueError(str(refused)) from None

    options = ini_options(read, config.rootpath)
    if isinstance(options.keys, str):
        _check_keys_file(options.keys, "ini option kms_fake_keys")
    return options


def _check_keys_file(path: str, where: str) -> None:
    """A keys file that is missing or unreadable, or holds no list of declarations."""
    from ._testing.seeding import SeedError, load

    try:
        load(Path(path))
    except SeedError as exc:
        raise OptionError(f"{where}: {exc}") from None


def start_run(config: pytest.Config) -> None:
    """Read the ini file's options once; a bad one stops the run before any test."""
    try:
        config.stash[_INI_OPTIONS] = _read_ini(config)
    except OptionError as exc:
        raise pytest.UsageError(str(exc)) from None


def options_for(item: pytest.Item) -> FakeOptions:
    """The test's options: its closest kms_fake marker's over the ini file's."""
    options = item.config.stash.get(_INI_OPTIONS, None)
    if options is None:  # the plugin started without its configure hook (never in a run)
        options = _read_ini(item.config)
    marker = item.get_closest_marker("kms_fake")
    if marker is not None:
        if marker.args:
            raise OptionError(f"{MARKER} takes keyword options only, got {marker.args!r}")
        options = from_mapping(options, marker.kwargs, MARKER)
        if isinstance(marker.kwargs.get("keys"), (str, Path)):
            _check_keys_file(str(marker.kwargs["keys"]), f"{MARKER}'s keys")
    return options


def check_markers(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test's kms_fake marker, checked before the run: each bad one reported once, with
    the first test it marks. (In a pytest-xdist worker, which cannot stop the run with a
    usage error, each test that a bad marker marks fails at setup instead, with the same
    message.)"""
    if hasattr(config, "workerinput"):
        return
    problems: dict[str, list[str]] = {}
    for item in items:
        if item.get_closest_marker("kms_fake") is None:
            continue
        try:
            options_for(item)
        except OptionError as exc:
            problems.setdefault(str(exc), []).append(item.nodeid)
    if problems:
        lines = [
            f"{message} (on {tests[0]}"
            + (f" and {len(tests) - 1} more test(s))" if len(tests) > 1 else ")")
            for message, tests in problems.items()
        ]
        raise pytest.UsageError("\n".join(lines))


def keys_source(item: pytest.Item) -> str:
    """Where the test's declared keys come from, for an error about one of them."""
    marker = item.get_closest_marker("kms_fake")
    return f"{MARKER}'s keys" if marker and "keys" in marker.kwargs else "ini option kms_fake_keys"


def prefill(entries: list[str]) -> None:
    """Make the private keys the kms_fake_prefill ini option asks for (RSA_4096=50 ...)."""
    if not entries:
        return
    from ._crypto import material as _material
    from ._rules.key_specs import KEY_SPECS

    for entry in entries:
        spec, _, count = str(entry).partition("=")
        if not count.isdigit() or spec not in KEY_SPECS or KEY_SPECS[spec].kind != "asymmetric":
            raise pytest.UsageError(
                f"kms_fake_prefill entries look like RSA_4096=50 (an asymmetric KeySpec and a "
                f"count), got {entry!r}"
            )
        _material.prefill(spec, int(count))
