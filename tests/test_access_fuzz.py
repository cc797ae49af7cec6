"""The fuzzing of test_bad_input, with access control enforced and a caller that has a grant,
an identity policy with conditions and a key policy naming it: still only botocore's
ParamValidationError, modeled AWS errors or AccessDeniedException, never a crash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from allowed_errors import fuzz_operation
from test_bad_input import input_strategy

from pytest_kmsfake import KmsFake, mock_kms
from pytest_kmsfake._rules.model import service_model
from pytest_kmsfake._service.ops import HANDLERS

ROLE = "arn:aws:iam::111122223333:role/fuzz"


@pytest.fixture(scope="module")
def enforced() -> Iterator[tuple[Any, KmsFake]]:
    with mock_kms(check_at_teardown=False, enforce_access=True) as fake:
        client = boto3.client("kms", region_name="us-east-1")
        policy = {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "111122223333"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": ROLE},
                    "NotAction": "kms:Disable*",
                    "Resource": "*",
                    "Condition": {"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "*"}},
                },
            ]
        }
        key = client.create_key(Policy=json.dumps(policy))["KeyMetadata"]["KeyId"]
        client.create_alias(AliasName="alias/fuzz", TargetKeyId=key)
        client.create_grant(
            KeyId=key,
            GranteePrincipal=ROLE,
            Operations=["Decrypt", "CreateGrant", "RetireGrant"],
            Constraints={"EncryptionContextSubset": {"a": "b"}},
        )
        fake.put_identity_policy(
            ROLE,
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "kms:*",
                        "Resource": "*",
                        "Condition": {"StringLikeIfExists": {"kms:RequestAlias": "alias/f*"}},
                    }
                ]
            },
        )
        fake.set_caller(ROLE)
        yield client, fake


@pytest.mark.parametrize("operation", sorted(set(HANDLERS) & set(service_model().operation_names)))
def test_fuzzed_input_with_access_control(enforced: tuple[Any, KmsFake], operation: str) -> None:
    client, fake = enforced
    params = input_strategy(service_model().operation_model(operation).input_shape, operation)
    fuzz_operation(client, fake, operation, params, max_examples=25)
