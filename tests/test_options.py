"""The options are declared once (the fields of `FakeOptions`); everything else agrees with it."""

from __future__ import annotations

import dataclasses
import re

import pytest

from pytest_kmsfake import mock_kms
from pytest_kmsfake._service.options import (
    OPTION_NAMES,
    OPTION_SPECS,
    FakeOptions,
    KmsFakeOptions,
)


def _spelled(annotation: object) -> str:
    """An annotation as written (these modules postpone annotations: they are strings)."""
    return str(getattr(annotation, "__forward_arg__", annotation))


def test_every_field_is_declared_as_an_option() -> None:
    assert tuple(field.name for field in dataclasses.fields(FakeOptions)) == OPTION_NAMES
    assert len({spec.ini for spec in OPTION_SPECS}) == len(OPTION_SPECS)
    for spec in OPTION_SPECS:
        assert spec.ini == f"kms_fake_{spec.name}"
        assert spec.help and "\n" not in spec.help
        assert getattr(FakeOptions(), spec.name) == spec.default


def test_mock_kms_keywords_are_the_options_with_their_types() -> None:
    declared = {field.name: _spelled(field.type) for field in dataclasses.fields(FakeOptions)}
    keywords = {name: _spelled(kind) for name, kind in KmsFakeOptions.__annotations__.items()}
    assert keywords == declared
    assert list(keywords) == list(OPTION_NAMES)
    assert not KmsFakeOptions.__required_keys__


def test_mock_kms_docstring_names_every_option() -> None:
    named = re.findall(r"``([a-z_]+)``", mock_kms.__doc__ or "")
    assert [name for name in named if name in OPTION_NAMES] == list(OPTION_NAMES)


def test_ini_options_are_registered_from_the_declaration(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    for spec in OPTION_SPECS:
        kind = "bool" if spec.kind == "bool" else "string"
        result.stdout.fnmatch_lines([f"  {spec.ini} ({kind}):*"])


def test_marker_help_lists_every_option(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    signature = ", ".join(f"{name}=..." for name in OPTION_NAMES)
    result.stdout.fnmatch_lines([f"@pytest.mark.kms_fake([*], {signature}):*"])


@pytest.mark.parametrize(
    ("ini_value", "expected"),
    [("TRUE", True), ("false", False), ("", True), ("no", False), ("1", True)],
)
def test_bool_ini_options_are_read_as_bools(
    pytester: pytest.Pytester, ini_value: str, expected: bool
) -> None:
    pytester.makeini(f"[pytest]\nkms_fake_check_at_teardown = {ini_value}\n")
    pytester.makepyfile(
        f"""
        def test_it(kms_fake):
            assert kms_fake.options.check_at_teardown is {expected}
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_every_ini_option_reaches_the_fake(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        "[pytest]\n"
        "kms_fake_account_id = 222222222222\n"
        "kms_fake_sleep_on_retry = true\n"
        "kms_fake_region_profile = none\n"
        'kms_fake_region_rules = [{"regions": ["eu-west-3"], "key_specs": ["HMAC_*"]}]\n'
        "kms_fake_call_log_limit = 5\n"
        "kms_fake_key_seed = seed\n"
        "kms_fake_multi_region_delay = 2.5\n"
        "kms_fake_enforce_access = true\n"
        "kms_fake_caller = arn:aws:iam::222222222222:role/app\n"
        'kms_fake_access_keys = {"AKIAEXAMPLE": "arn:aws:iam::222222222222:role/ci"}\n'
    )
    pytester.makepyfile(
        """
        def test_it(kms_fake):
            o = kms_fake.options
            assert (o.account_id, o.sleep_on_retry, o.region_profile) == (
                "222222222222", True, "none")
            assert o.region_rules == [{"regions": ["eu-west-3"], "key_specs": ["HMAC_*"]}]
            assert (o.call_log_limit, o.key_seed, o.multi_region_delay) == (5, "seed", 2.5)
            assert o.enforce_access is True
            assert o.caller == "arn:aws:iam::222222222222:role/app"
            assert o.access_keys == {"AKIAEXAMPLE": "arn:aws:iam::222222222222:role/ci"}
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "kms_fake_enforce_access = maybe",
            "ini option kms_fake_enforce_access must be true or false, got 'maybe'",
        ),
        (
            "kms_fake_call_log_limit = ten",
            "ini option kms_fake_call_log_limit must be a number, got 'ten'",
        ),
        (
            "kms_fake_multi_region_delay = soon",
            "ini option kms_fake_multi_region_delay must be a number, got 'soon'",
        ),
        ("kms_fake_access_keys = {nope", "ini option kms_fake_access_keys must be JSON: *"),
        (
            "kms_fake_account_id = 12",
            "ini option kms_fake_account_id: account_id must be 12 digits, got '12'",
        ),
        (
            "kms_fake_caller = nobody",
            "ini option kms_fake_caller: caller: 'nobody' is not a principal the fake can act as*",
        ),
        (
            "kms_fake_region_profile = 1999",
            "ini option kms_fake_region_profile: region_profile must be one of *, got '1999'",
        ),
        (
            "kms_fake_keys = absent.json",
            "ini option kms_fake_keys: keys file */absent.json not found",
        ),
    ],
)
def test_bad_ini_values_stop_the_run_once(
    pytester: pytest.Pytester, line: str, message: str
) -> None:
    pytester.makeini(f"[pytest]\n{line}\n")
    pytester.makepyfile("def test_one(kms_fake):\n    pass\n\ndef test_two(kms_fake):\n    pass\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])
    output = result.stdout.str() + result.stderr.str()
    assert output.count("ERROR") == 1 and "Traceback" not in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "keys file */keys.json is not valid JSON: *"),
        ('{"key_spec": "RSA_2048"}', "declared keys must be a list of mappings, got dict"),
    ],
)
def test_a_bad_keys_file_stops_the_run_once(
    pytester: pytest.Pytester, content: str, message: str
) -> None:
    pytester.makeini("[pytest]\nkms_fake_keys = keys.json\n")
    pytester.path.joinpath("keys.json").write_text(content)
    pytester.makepyfile("def test_it(kms_fake):\n    pass\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: ini option kms_fake_keys: {message}"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_a_run_without_kms_tests_is_stopped_by_a_bad_ini_value_too(
    pytester: pytest.Pytester,
) -> None:
    # Said at startup, before any test: not only when a test first asks for the fake.
    pytester.makeini("[pytest]\nkms_fake_call_log_limit = ten\n")
    pytester.makepyfile("def test_it():\n    pass\n")
    assert pytester.runpytest().ret == pytest.ExitCode.USAGE_ERROR


def test_mock_kms_errors_name_mock_kms() -> None:
    with pytest.raises(ValueError) as refused:
        mock_kms(account_id="12")
    assert str(refused.value) == "mock_kms(): account_id must be 12 digits, got '12'"
    with pytest.raises(ValueError) as refused:
        mock_kms(caller=5)  # type: ignore[typeddict-item]
    assert str(refused.value) == "mock_kms(): caller: principals are ARN strings, got 5"


@pytest.mark.skipif(
    int(pytest.__version__.split(".")[0]) < 9, reason="native TOML configuration: pytest 9"
)
def test_native_toml_booleans(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(kms_fake):\n    assert kms_fake.options.enforce_access\n")
    pytester.makepyprojecttoml("[tool.pytest]\nkms_fake_enforce_access = true\n")
    pytester.runpytest().assert_outcomes(passed=1)

    pytester.makepyprojecttoml('[tool.pytest]\nkms_fake_enforce_access = "yes"\n')
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: ini option kms_fake_enforce_access: *config option 'kms_fake_enforce_access' expects a bool, got str: 'yes'*"
        ]
    )


def test_the_region_profiles_are_said_plainly(pytester: pytest.Pytester) -> None:
    from pytest_kmsfake._rules.regions import DEFAULT_PROFILE, PROFILES

    (spec,) = [spec for spec in OPTION_SPECS if spec.name == "region_profile"]
    assert DEFAULT_PROFILE == "default"
    assert [profile for profile in PROFILES if f"{profile}" not in spec.help] == []
    help_text = " ".join(pytester.runpytest("--help").stdout.str().split())
    assert (
        "default, KMS as of 2020-03 to 2021-06 (no asymmetric keys in the China Regions"
        in help_text
    )
    assert "2026-11, today's" in help_text
