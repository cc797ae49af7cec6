"""Recipe: test who may use a key — key policies, grants and IAM policies, enforced."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

ACCOUNT = "111122223333"
ADMIN_ROLE = f"arn:aws:iam::{ACCOUNT}:role/key-admin"
REPORTS_ROLE = f"arn:aws:iam::{ACCOUNT}:role/reports"
BILLING_ROLE = f"arn:aws:iam::{ACCOUNT}:role/billing"

# Every test in this module runs with access control on.
pytestmark = pytest.mark.kms_fake(enforce_access=True)


# --8<-- [start:grant]
def test_a_grant_lets_one_role_decrypt_one_tenants_data(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")  # calls as the account root
    key_id = kms.create_key(Description="tenant data")["KeyMetadata"]["KeyId"]
    acme = kms.encrypt(KeyId=key_id, Plaintext=b"acme", EncryptionContext={"tenant": "acme"})[
        "CiphertextBlob"
    ]
    umbrella = kms.encrypt(KeyId=key_id, Plaintext=b"u", EncryptionContext={"tenant": "umbrella"})[
        "CiphertextBlob"
    ]

    kms.create_grant(
        KeyId=key_id,
        GranteePrincipal=REPORTS_ROLE,
        Operations=["Decrypt"],
        Constraints={"EncryptionContextSubset": {"tenant": "acme"}},
    )

    with kms_fake.acting_as(REPORTS_ROLE):
        answer = kms.decrypt(CiphertextBlob=acme, EncryptionContext={"tenant": "acme"})
        assert answer["Plaintext"] == b"acme"

        with pytest.raises(kms.exceptions.ClientError) as denied:
            kms.decrypt(CiphertextBlob=umbrella, EncryptionContext={"tenant": "umbrella"})
        assert denied.value.response["Error"]["Code"] == "AccessDeniedException"

    # Another role, without a grant or an IAM policy:
    with kms_fake.acting_as(BILLING_ROLE), pytest.raises(kms.exceptions.ClientError) as denied:
        kms.decrypt(CiphertextBlob=acme, EncryptionContext={"tenant": "acme"})
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"
    assert denied.value.response["Error"]["Message"] == (
        f"User: {BILLING_ROLE} is not authorized to perform: kms:Decrypt on resource: {arn} "
        "because no identity-based policy allows the kms:Decrypt action"
    )
    print(kms_fake.explain())  # which statements and grants were considered, and the verdict
    # --8<-- [end:grant]


# --8<-- [start:key-policy]
def test_a_key_policy_limits_which_data_key_pairs_a_role_may_make(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "P-256 pairs only",
                "Effect": "Allow",
                "Principal": {"AWS": REPORTS_ROLE},
                "Action": "kms:GenerateDataKeyPair",
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:DataKeyPairSpec": "ECC_NIST_P256"}},
            },
        ],
    }
    key_id = kms.create_key(Policy=json.dumps(policy))["KeyMetadata"]["KeyId"]

    with kms_fake.acting_as(REPORTS_ROLE):
        kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec="ECC_NIST_P256")
        with pytest.raises(kms.exceptions.ClientError) as denied:
            kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec="RSA_2048")
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "kms:DataKeyPairSpec ['ECC_NIST_P256'] (the request has RSA_2048)" in kms_fake.explain()
    # --8<-- [end:key-policy]


# --8<-- [start:iam]
def test_iam_policies_and_access_keys(kms_fake):
    # A client made with this access key calls as the admin role: no credentials are
    # looked up, the key id is only a label.
    kms_fake.add_access_key("AKIAKEYADMIN", ADMIN_ROLE)
    may_create = {"Effect": "Allow", "Action": ["kms:Create*", "kms:Describe*"], "Resource": "*"}
    kms_fake.put_identity_policy(ADMIN_ROLE, {"Statement": [may_create]})
    admin = boto3.client(
        "kms", region_name="us-east-1", aws_access_key_id="AKIAKEYADMIN", aws_secret_access_key="x"
    )

    key_id = admin.create_key()["KeyMetadata"]["KeyId"]  # the default policy delegates to IAM
    admin.describe_key(KeyId=key_id)
    with pytest.raises(admin.exceptions.ClientError) as denied:
        admin.schedule_key_deletion(KeyId=key_id)
    assert denied.value.response["Error"]["Message"].endswith(
        "because no identity-based policy allows the kms:ScheduleKeyDeletion action"
    )
    # --8<-- [end:iam]


# --8<-- [start:aws-managed]
def test_only_s3_uses_the_aws_managed_s3_key(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    # DescribeKey makes the AWS managed key behind a predefined alias, as KMS does.
    assert kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]["KeyManager"] == "AWS"

    # Code that uses it directly fails, as against AWS (with or without enforce_access).
    with pytest.raises(ClientError, match="AccessDeniedException"):
        kms.generate_data_key(KeyId="alias/aws/s3", KeySpec="AES_256")

    # S3 may, on behalf of the account's principals.
    with kms_fake.acting_as(REPORTS_ROLE, via_service="s3.us-east-1.amazonaws.com"):
        kms.generate_data_key(KeyId="alias/aws/s3", KeySpec="AES_256")
    # --8<-- [end:aws-managed]
