"""Recipe: async code on aiobotocore (aioboto3 builds on it), tested with the same fixture.

Needs aiobotocore (pip install -e '.[test,async]'); skipped without it.
"""

from __future__ import annotations

import asyncio

import pytest
from botocore.config import Config

aiobotocore_session = pytest.importorskip(
    "aiobotocore.session", reason="aiobotocore is not installed (pip install -e '.[test,async]')"
)


# --8<-- [start:app]
async def seal_all(session, key_id: str, records: list[bytes]) -> list[bytes]:
    """Encrypt records concurrently, as async services do."""
    config = Config(retries={"mode": "standard", "total_max_attempts": 3})
    async with session.create_client("kms", region_name="us-east-1", config=config) as kms:
        responses = await asyncio.gather(
            *(kms.encrypt(KeyId=key_id, Plaintext=record) for record in records)
        )
    return [response["CiphertextBlob"] for response in responses]


async def open_one(session, blob: bytes) -> bytes:
    async with session.create_client("kms", region_name="us-east-1") as kms:
        return (await kms.decrypt(CiphertextBlob=blob))["Plaintext"]
    # --8<-- [end:app]


# --8<-- [start:tests]
def test_records_round_trip(kms_fake):
    key_id = kms_fake.create_key(Description="records")
    session = aiobotocore_session.get_session()

    blobs = asyncio.run(seal_all(session, key_id, [b"one", b"two", b"three"]))

    assert asyncio.run(open_one(session, blobs[1])) == b"two"
    assert kms_fake.calls.counts() == {"Encrypt": 3, "Decrypt": 1}


def test_a_throttled_call_is_retried_by_the_clients_retry_mode(kms_fake):
    key_id = kms_fake.create_key()
    kms_fake.inject_fault("ThrottlingException", operation="Encrypt", times=1)

    blobs = asyncio.run(seal_all(aiobotocore_session.get_session(), key_id, [b"only"]))

    assert len(blobs) == 1
    first, retried = kms_fake.calls.filter("Encrypt")
    assert first.error == "ThrottlingException" and first.injected
    assert retried.succeeded


def test_errors_are_the_async_clients_modeled_exceptions(kms_fake):
    key_id = kms_fake.create_key()
    blob = asyncio.run(seal_all(aiobotocore_session.get_session(), key_id, [b"x"]))[0]
    kms_fake.set_key_state(key_id, "Disabled")

    async def attempt():
        session = aiobotocore_session.get_session()
        async with session.create_client("kms", region_name="us-east-1") as kms:
            with pytest.raises(kms.exceptions.DisabledException):
                await kms.decrypt(CiphertextBlob=blob)

    asyncio.run(attempt())
    # --8<-- [end:tests]
