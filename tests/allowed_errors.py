"""Which error codes an operation may answer: the ones botocore's model lists for it, plus the
ones AWS returns without modeling them. Shared by the tests that check the fake never answers
anything else, including the fuzzers."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_kmsfake import KmsFake, KmsFakeUnsupported
from pytest_kmsfake._rules.model import service_model

# AWS answers these for any operation, modeled or not (SerializationException: a member of the
# wrong JSON type, which only a client without parameter validation sends).
UNMODELED_EVERYWHERE = frozenset(
    {"ValidationException", "AccessDeniedException", "SerializationException"}
)
# The reserved alias/aws/ prefix gets an unmodeled NotAuthorizedException (UNVERIFIED, listed on
# the fidelity page).
UNMODELED_FOR_ALIASES = frozenset({"NotAuthorizedException"})


def allowed_errors(operation: str) -> frozenset[str]:
    modeled = {shape.name for shape in service_model().operation_model(operation).error_shapes}
    extra = UNMODELED_FOR_ALIASES if operation.endswith("Alias") else frozenset()
    return frozenset(modeled) | UNMODELED_EVERYWHERE | extra


def modeled_error(call: Callable[[], Any]) -> dict[str, str]:
    """The error of `call`, which must be one its operation may answer."""
    with pytest.raises(ClientError) as info:
        call()
    error = dict(info.value.response["Error"])
    assert error["Code"] in allowed_errors(info.value.operation_name), (
        info.value.operation_name,
        error,
    )
    return error


def fuzz_operation(
    client: Any,
    fake: KmsFake,
    operation: str,
    params: st.SearchStrategy[dict[str, Any]],
    *,
    max_examples: int,
    after_each: Callable[[KmsFake], None] = lambda fake: None,
) -> None:
    """Calls `operation` with generated `params`: each call succeeds or gets botocore's
    ParamValidationError, a loud refusal of an unsupported feature, or an error the operation
    may answer (never KMSInternalException); nothing fails inside the fake."""
    allowed = allowed_errors(operation)
    method = getattr(client, xform_name(operation))
    problems_before = len(fake._service.problems)

    @settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(params=params)
    def run(params: dict[str, Any]) -> None:
        try:
            method(**params)
        except (ParamValidationError, KmsFakeUnsupported):
            pass
        except ClientError as error:
            code = error.response["Error"]["Code"]
            assert code != "KMSInternalException", error.response["Error"]["Message"]
            assert code in allowed, f"{operation} answered unmodeled {code}"
        after_each(fake)

    run()
    assert not [p for p in fake._service.problems[problems_before:] if "failed inside" in p]
