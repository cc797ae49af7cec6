"""Many threads on shared keys, aliases and tags: no exception, no lost update, a full log."""

from __future__ import annotations

import threading

import boto3

from pytest_kmsfake import KmsFake

THREADS = 8
ROUNDS = 40


def test_mixed_operations_from_many_threads(kms_fake: KmsFake) -> None:
    setup = boto3.client("kms", region_name="us-east-1")
    shared = setup.create_key()["KeyMetadata"]["KeyId"]
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def worker(n: int) -> None:
        client = boto3.client(
            "kms", region_name="us-east-1"
        )  # one client per thread, as boto3 advises
        try:
            start.wait()
            for i in range(ROUNDS):
                blob = client.encrypt(KeyId=shared, Plaintext=f"{n}-{i}".encode())["CiphertextBlob"]
                assert client.decrypt(CiphertextBlob=blob)["Plaintext"] == f"{n}-{i}".encode()
                client.tag_resource(KeyId=shared, Tags=[{"TagKey": f"t{n}", "TagValue": str(i)}])
                client.create_grant(
                    KeyId=shared,
                    GranteePrincipal=f"arn:aws:iam::111122223333:role/worker-{n}",
                    Operations=["Decrypt"],
                    Name=f"g{n}-{i}",
                )
                own = client.create_key()["KeyMetadata"]["KeyId"]
                client.create_alias(AliasName=f"alias/t{n}-{i}", TargetKeyId=own)
        except BaseException as exc:  # surfaced below, with the thread's number
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    tags = {t["TagKey"]: t["TagValue"] for t in setup.list_resource_tags(KeyId=shared)["Tags"]}
    assert tags == {f"t{n}": str(ROUNDS - 1) for n in range(THREADS)}
    keys = list(setup.get_paginator("list_keys").paginate())
    assert sum(len(p["Keys"]) for p in keys) == 1 + THREADS * ROUNDS
    pages = setup.get_paginator("list_aliases").paginate()
    aliases = [a for p in pages for a in p["Aliases"] if "TargetKeyId" in a]
    assert len(aliases) == THREADS * ROUNDS
    grants = [
        g for p in setup.get_paginator("list_grants").paginate(KeyId=shared) for g in p["Grants"]
    ]
    assert len({g["GrantId"] for g in grants}) == THREADS * ROUNDS
    counts = kms_fake.calls.counts()
    assert counts["Encrypt"] == counts["Decrypt"] == counts["CreateAlias"] == THREADS * ROUNDS
    assert counts["CreateKey"] == 1 + THREADS * ROUNDS
