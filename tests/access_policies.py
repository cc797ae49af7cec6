"""What the access-control tests share: the account's principals, the key policy that keeps
the account root an administrator, and AccessDeniedException's text."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "111122223333"
OTHER = "444455556666"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
OTHER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/other"
ADMIN = {
    "Sid": "admin",
    "Effect": "Allow",
    "Principal": {"AWS": ROOT},
    "Action": "kms:*",
    "Resource": "*",
}


def policy(*statements: dict[str, Any]) -> str:
    """A key policy: the admin statement, then these."""
    return json.dumps({"Version": "2012-10-17", "Statement": [ADMIN, *statements]})


def denied(call: Callable[[], Any]) -> str:
    """The message of the AccessDeniedException the call must raise."""
    with pytest.raises(ClientError) as info:
        call()
    error = info.value.response["Error"]
    assert error["Code"] == "AccessDeniedException", error
    return str(error["Message"])
