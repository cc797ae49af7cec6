"""Recipe: unittest.TestCase classes with @mock_kms(), no pytest fixtures needed.

Runs under pytest and under `python -m unittest` alike.
"""

from __future__ import annotations

import unittest

import boto3

from pytest_kmsfake import mock_kms


def archive(kms, key_id: str, report: bytes) -> bytes:
    """Application code under test."""
    return kms.encrypt(KeyId=key_id, Plaintext=report)["CiphertextBlob"]


# --8<-- [start:decorator]
@mock_kms(account_id="444455556666")
class TestArchive(unittest.TestCase):
    """Each test (its setUp, the test, its tearDown) runs in its own fresh fake."""

    def setUp(self):
        self.kms = boto3.client("kms", region_name="us-east-1")
        self.key_id = self.kms.create_key()["KeyMetadata"]["KeyId"]  # setUp is covered too

    def test_archive_encrypts_under_the_key(self):
        blob = archive(self.kms, self.key_id, b"Q3 report")

        self.assertEqual(self.kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"Q3 report")
        self.kms_fake.assert_called_once("Encrypt", KeyId=self.key_id)  # set by the decorator

    def test_each_test_starts_empty(self):
        keys = self.kms.list_keys()["Keys"]
        self.assertEqual([k["KeyId"] for k in keys], [self.key_id])  # only setUp's key

    def test_the_options_apply(self):
        arn = self.kms.describe_key(KeyId=self.key_id)["KeyMetadata"]["Arn"]
        self.assertIn(":444455556666:", arn)

    # --8<-- [end:decorator]


if __name__ == "__main__":
    unittest.main()
