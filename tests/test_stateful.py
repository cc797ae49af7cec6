"""A stateful test machine: random sequences of key, alias, tag and state operations against
the fake and a simple model of what AWS would hold; after every step the two agree and the
fake's invariants hold."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule

from pytest_kmsfake import KmsFake

NAMES = st.sampled_from(["a", "b", "c", "d"])
TAG_KEYS = st.sampled_from(["team", "env", "aws:x", "cost"])


class KmsMachine(RuleBasedStateMachine):
    keys = Bundle("keys")

    def __init__(self) -> None:
        super().__init__()
        self.fake = KmsFake(check_at_teardown=False).start()
        self.client = boto3.client("kms", region_name="us-east-1")
        self.states: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.secrets: dict[bytes, tuple[str, bytes]] = {}
        # Insertion-ordered, not sorted: ciphertexts and grant ids are random, so sorting them
        # would make hypothesis draw differently when it replays an example.
        self.grants: dict[str, dict[str, None]] = {}  # key id -> grant ids

    def teardown(self) -> None:
        self.fake.stop()

    def _code(self, call: Any) -> str | None:
        try:
            call()
        except ClientError as error:
            return str(error.response["Error"]["Code"])
        return None

    @rule(target=keys)
    def create_key(self) -> str:
        key_id = self.client.create_key()["KeyMetadata"]["KeyId"]
        self.states[key_id] = "Enabled"
        self.tags[key_id] = {}
        self.grants[key_id] = {}
        return str(key_id)

    @rule(key=keys, enabled=st.booleans())
    def enable_or_disable(self, key: str, enabled: bool) -> None:
        call = self.client.enable_key if enabled else self.client.disable_key
        code = self._code(lambda: call(KeyId=key))
        if self.states[key] == "PendingDeletion":
            assert code == "KMSInvalidStateException"
        else:
            assert code is None
            self.states[key] = "Enabled" if enabled else "Disabled"

    @rule(key=keys)
    def schedule_deletion(self, key: str) -> None:
        code = self._code(lambda: self.client.schedule_key_deletion(KeyId=key))
        if self.states[key] == "PendingDeletion":
            assert code == "KMSInvalidStateException"
        else:
            assert code is None
            self.states[key] = "PendingDeletion"

    @rule(key=keys)
    def cancel_deletion(self, key: str) -> None:
        code = self._code(lambda: self.client.cancel_key_deletion(KeyId=key))
        if self.states[key] == "PendingDeletion":
            assert code is None
            self.states[key] = "Disabled"
        else:
            assert code == "KMSInvalidStateException"

    @rule(key=keys, name=NAMES)
    def create_alias(self, key: str, name: str) -> None:
        alias = f"alias/{name}"
        code = self._code(lambda: self.client.create_alias(AliasName=alias, TargetKeyId=key))
        # The fake resolves and checks the key before it looks at the alias (the order AWS
        # applies is not recorded).
        if self.states[key] == "PendingDeletion":
            assert code == "KMSInvalidStateException"
        elif alias in self.aliases:
            assert code == "AlreadyExistsException"
        else:
            assert code is None
            self.aliases[alias] = key

    @rule(name=NAMES)
    def delete_alias(self, name: str) -> None:
        alias = f"alias/{name}"
        code = self._code(lambda: self.client.delete_alias(AliasName=alias))
        assert code == (None if alias in self.aliases else "NotFoundException")
        self.aliases.pop(alias, None)

    @rule(key=keys, tag=TAG_KEYS, value=st.text(max_size=5))
    def tag(self, key: str, tag: str, value: str) -> None:
        code = self._code(
            lambda: self.client.tag_resource(KeyId=key, Tags=[{"TagKey": tag, "TagValue": value}])
        )
        if self.states[key] == "PendingDeletion":
            assert code == "KMSInvalidStateException"
        elif tag.startswith("aws:"):
            assert code == "TagException"
        else:
            assert code is None
            self.tags[key][tag] = value

    @rule(key=keys, tag=TAG_KEYS)
    def untag(self, key: str, tag: str) -> None:
        code = self._code(lambda: self.client.untag_resource(KeyId=key, TagKeys=[tag]))
        if self.states[key] == "PendingDeletion":
            assert code == "KMSInvalidStateException"
        else:
            assert code is None
            self.tags[key].pop(tag, None)

    @rule(key=keys, plaintext=st.binary(min_size=1, max_size=64))
    def encrypt(self, key: str, plaintext: bytes) -> None:
        try:
            blob = self.client.encrypt(KeyId=key, Plaintext=plaintext)["CiphertextBlob"]
        except ClientError as error:
            assert self.states[key] != "Enabled", error
            return
        assert self.states[key] == "Enabled"
        self.secrets[blob] = (key, plaintext)

    @precondition(lambda self: bool(self.secrets))
    @rule(data=st.data())
    def decrypt(self, data: Any) -> None:
        blob = data.draw(st.sampled_from(list(self.secrets)))
        key, plaintext = self.secrets[blob]
        try:
            assert self.client.decrypt(CiphertextBlob=blob)["Plaintext"] == plaintext
            assert self.states[key] == "Enabled"
        except ClientError:
            assert self.states[key] != "Enabled"

    @rule(key=keys, operation=st.sampled_from(["Encrypt", "Decrypt", "GenerateDataKey"]))
    def create_grant(self, key: str, operation: str) -> None:
        grantee = "arn:aws:iam::111122223333:role/app"
        try:
            grant = self.client.create_grant(
                KeyId=key, GranteePrincipal=grantee, Operations=[operation]
            )
        except ClientError as error:
            assert self.states[key] != "Enabled", error
            return
        assert self.states[key] in ("Enabled", "Unavailable", "Updating")
        self.grants[key][grant["GrantId"]] = None

    @precondition(lambda self: any(self.grants.values()))
    @rule(data=st.data())
    def revoke_grant(self, data: Any) -> None:
        key = data.draw(st.sampled_from([k for k, g in self.grants.items() if g]))
        grant_id = data.draw(st.sampled_from(list(self.grants[key])))
        self.client.revoke_grant(KeyId=key, GrantId=grant_id)
        del self.grants[key][grant_id]

    @invariant()
    def the_fake_agrees_with_the_model(self) -> None:
        listed = {
            k["KeyId"] for p in self.client.get_paginator("list_keys").paginate() for k in p["Keys"]
        }
        assert listed == set(self.states)
        aliases = {
            a["AliasName"]: a["TargetKeyId"]
            for p in self.client.get_paginator("list_aliases").paginate()
            for a in p["Aliases"]
            if "TargetKeyId" in a  # not the predefined AWS aliases
        }
        assert aliases == self.aliases
        for key, state in self.states.items():
            stored = self.fake.key(key)
            assert stored.state == state
            assert stored.tags == self.tags[key]
            assert (stored.deletion_date is not None) == (state == "PendingDeletion")
            listed_grants = {
                g["GrantId"]
                for p in self.client.get_paginator("list_grants").paginate(KeyId=key)
                for g in p["Grants"]
            }
            assert listed_grants == set(self.grants[key])


TestKmsMachine = KmsMachine.TestCase
TestKmsMachine.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
