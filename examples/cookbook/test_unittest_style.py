"""Recipe: unittest.TestCase classes with @mock_kms(), no pytest fixtures needed.

Runs under pytest and under `python -m unittest` alike.
"""

from __future__ import annotations

import unittest

import boto3

from pytest_kmsfake import KmsFake, mock_kms


def archive(kms, key_id: str, report: bytes) -> bytes:
    """Application code under test."""
    return kms.encrypt(KeyId=key_id, Plaintext=report)["CiphertextBlob"]


# --8<-- [start:decorator]
@mock_kms(account_id="444455556666")
class TestArchive(unittest.TestCase):
    """Every test method runs inside its own fresh fake, with these options."""

    def make_key(self) -> str:
        return boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]

    def test_archive_encrypts_under_the_key(self):
        kms = boto3.client("kms", region_name="us-east-1")
        key_id = self.make_key()

        blob = archive(kms, key_id, b"Q3 report")

        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"Q3 report")
        fake = KmsFake.current()  # the fake serving this test method
        fake.assert_called_once("Encrypt", KeyId=key_id)

    def test_each_method_starts_empty(self):
        kms = boto3.client("kms", region_name="us-east-1")
        self.assertEqual(kms.list_keys()["Keys"], [])

    def test_the_options_apply(self):
        arn = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["Arn"]
        self.assertIn(":444455556666:", arn)

    # --8<-- [end:decorator]


# --8<-- [start:setup]
class TestArchiveWithSetUp(unittest.TestCase):
    """When setUp must talk to KMS too, start a fake there and stop it on cleanup."""

    def setUp(self):
        self.fake = mock_kms().start()
        self.addCleanup(self.fake.stop)
        self.kms = boto3.client("kms", region_name="us-east-1")
        self.key_id = self.kms.create_key()["KeyMetadata"]["KeyId"]

    def test_archive(self):
        blob = archive(self.kms, self.key_id, b"Q3 report")
        self.assertEqual(self.kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"Q3 report")
        self.assertEqual(self.fake.calls.counts(), {"CreateKey": 1, "Encrypt": 1, "Decrypt": 1})

    # --8<-- [end:setup]


if __name__ == "__main__":
    unittest.main()
