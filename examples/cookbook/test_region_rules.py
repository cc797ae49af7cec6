"""Recipe: region rules: what a region refuses, and rules of your own."""

from __future__ import annotations

import boto3
import pytest


def test_asymmetric_keys_are_refused_in_china_by_default(kms_fake):
    beijing = boto3.client("kms", region_name="cn-north-1")
    with pytest.raises(beijing.exceptions.UnsupportedOperationException, match="this Region"):
        beijing.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    # AWS's message cannot say why; the call log names the fake's rule that refused.
    assert "region rule 'asymmetric-not-in-china'" in kms_fake.calls.last.reason
    beijing.create_key()  # symmetric keys work there


@pytest.mark.kms_fake(region_profile="2026-11")
def test_todays_rules(kms_fake):
    beijing = boto3.client("kms", region_name="cn-north-1")
    key = beijing.create_key(KeySpec="SM2", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    assert key["KeySpec"] == "SM2"  # asymmetric keys in China today, and SM2 only there
    virginia = boto3.client("kms", region_name="us-east-1")
    with pytest.raises(virginia.exceptions.UnsupportedOperationException, match="KeySpec SM2"):
        virginia.create_key(KeySpec="SM2", KeyUsage="SIGN_VERIFY")


@pytest.mark.kms_fake(
    region_rules=[{"name": "no-hmac-in-paris", "regions": ["eu-west-3"], "key_specs": ["HMAC_*"]}]
)
def test_a_rule_of_your_own(kms_fake):
    paris = boto3.client("kms", region_name="eu-west-3")
    with pytest.raises(paris.exceptions.UnsupportedOperationException):
        paris.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    assert "region rule 'no-hmac-in-paris'" in kms_fake.calls.last.reason
