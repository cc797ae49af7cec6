"""Custom key stores: the six operations, their cross-field rules, keys in a store, connection
states and outages, and what the fake is told about the clusters and proxies behind them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import boto3
import documented_service as documented
import pytest
from allowed_errors import modeled_error
from freezegun import freeze_time

from pytest_kmsfake import KmsFake

ACCOUNT = "111122223333"
CLUSTER = "cluster-abcdefghijk"
CREDENTIAL = {
    "AccessKeyId": "ABCDEFGHIJKLMNOPQRST",
    "RawSecretAccessKey": "DXjSUawnel2fr6SKC7G25CNxTyWKE5PF9XX6H/u9pSo=",
}
ENDPOINT = "https://myproxy.xks.example.com"
PATH = "/kms/xks/v1"
SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-example"
UNREACHABLE = (  # [DG23 xks-troubleshooting.md]
    "AWS KMS cannot communicate with the external key store proxy. This might be a transient "
    "network issue. If you see this error repeatedly, verify that your external key store proxy "
    "is active and is connected to the network, and that its endpoint URI is correct in your "
    "external key store."
)


def _arn(key_id: str) -> str:
    return f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"


def _cloudhsm(kms: Any, name: str = "hsm", cluster: str = CLUSTER, **extra: Any) -> str:
    return str(
        kms.create_custom_key_store(
            CustomKeyStoreName=name,
            CloudHsmClusterId=cluster,
            TrustAnchorCertificate="<certificate>",
            KeyStorePassword="kmsPswd",
            **extra,
        )["CustomKeyStoreId"]
    )


def _xks(kms: Any, name: str = "xks", **settings: Any) -> str:
    params: dict[str, Any] = {
        "CustomKeyStoreType": "EXTERNAL_KEY_STORE",
        "XksProxyUriEndpoint": ENDPOINT,
        "XksProxyUriPath": PATH,
        "XksProxyAuthenticationCredential": CREDENTIAL,
        "XksProxyConnectivity": "PUBLIC_ENDPOINT",
        **settings,
    }
    return str(kms.create_custom_key_store(CustomKeyStoreName=name, **params)["CustomKeyStoreId"])


def _describe(kms: Any, store_id: str) -> dict[str, Any]:
    return dict(kms.describe_custom_key_stores(CustomKeyStoreId=store_id)["CustomKeyStores"][0])


@pytest.fixture
def hsm(kms: Any) -> str:
    store_id = _cloudhsm(kms)
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    return store_id


@pytest.fixture
def hsm_key(kms: Any, hsm: str) -> str:
    return str(kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=hsm)["KeyMetadata"]["KeyId"])


# --- CloudHSM key stores -----------------------------------------------------------------------


def test_a_new_cloudhsm_key_store(kms: Any) -> None:
    store_id = _cloudhsm(kms)
    assert re.fullmatch(r"cks-[0-9a-f]{17}", store_id)  # [EX]
    entry = _describe(kms, store_id)
    assert isinstance(entry.pop("CreationDate"), datetime.datetime)
    assert entry == {
        "CustomKeyStoreId": store_id,
        "CustomKeyStoreName": "hsm",
        "CustomKeyStoreType": "AWS_CLOUDHSM",
        "ConnectionState": "DISCONNECTED",
        "CloudHsmClusterId": CLUSTER,
        "TrustAnchorCertificate": "<certificate>",
    }


def test_keys_in_a_connected_cloudhsm_key_store(kms: Any, hsm: str, hsm_key: str) -> None:
    assert _describe(kms, hsm)["ConnectionState"] == "CONNECTED"
    meta = kms.describe_key(KeyId=hsm_key)["KeyMetadata"]
    assert meta["Origin"] == "AWS_CLOUDHSM" and meta["KeyState"] == "Enabled"
    assert meta["CustomKeyStoreId"] == hsm and meta["CloudHsmClusterId"] == CLUSTER  # [EX]
    assert "CurrentKeyMaterialId" not in meta and "XksKeyConfiguration" not in meta  # [MD]
    blob = kms.encrypt(KeyId=hsm_key, Plaintext=b"x")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
    data_key = kms.generate_data_key(KeyId=hsm_key, KeySpec="AES_256")["Plaintext"]
    assert len(data_key) == documented.AES_DATA_KEY_BYTES["AES_256"]
    error = modeled_error(lambda: kms.enable_key_rotation(KeyId=hsm_key))
    assert (
        error["Message"]
        == f"{_arn(hsm_key)} origin is AWS_CLOUDHSM which is not valid for this operation."
    )


@pytest.mark.parametrize("operation", sorted(documented.CUSTOM_KEY_STORE_REFUSED))
def test_keys_in_a_custom_key_store_refuse_the_documented_operations(
    kms: Any, hsm_key: str, operation: str
) -> None:
    call = {
        "GenerateDataKeyPair": kms.generate_data_key_pair,
        "GenerateDataKeyPairWithoutPlaintext": kms.generate_data_key_pair_without_plaintext,
    }[operation]
    error = modeled_error(lambda: call(KeyId=hsm_key, KeyPairSpec="RSA_2048"))
    assert error == {  # INFERRED wording
        "Code": "UnsupportedOperationException",
        "Message": f"{_arn(hsm_key)} is in a custom key store, which does not support {operation}.",
    }


def test_a_disconnected_store_makes_its_keys_unavailable(kms: Any, hsm: str, hsm_key: str) -> None:
    blob = kms.encrypt(KeyId=hsm_key, Plaintext=b"x")["CiphertextBlob"]
    kms.disconnect_custom_key_store(CustomKeyStoreId=hsm)
    meta = kms.describe_key(KeyId=hsm_key)["KeyMetadata"]
    assert (meta["KeyState"], meta["Enabled"]) == ("Unavailable", False)
    unavailable = {
        "Code": "KMSInvalidStateException",
        "Message": f"{_arn(hsm_key)} is unavailable.",
    }
    assert modeled_error(lambda: kms.decrypt(CiphertextBlob=blob)) == unavailable
    assert modeled_error(lambda: kms.encrypt(KeyId=hsm_key, Plaintext=b"x")) == unavailable
    error = modeled_error(lambda: kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=hsm))
    assert error == {  # INFERRED wording
        "Code": "CustomKeyStoreInvalidStateException",
        "Message": f"CreateKey is not valid for custom key store {hsm} while its ConnectionState "
        "is DISCONNECTED.",
    }
    # Disabling an unavailable key takes effect once it is available again [DG23].
    kms.disable_key(KeyId=hsm_key)
    assert kms.describe_key(KeyId=hsm_key)["KeyMetadata"]["KeyState"] == "Unavailable"
    kms.connect_custom_key_store(CustomKeyStoreId=hsm)
    assert kms.describe_key(KeyId=hsm_key)["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=hsm_key)
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_a_key_pending_deletion_stays_so_when_disconnected(
    kms: Any, hsm: str, hsm_key: str
) -> None:
    kms.disconnect_custom_key_store(CustomKeyStoreId=hsm)
    kms.schedule_key_deletion(KeyId=hsm_key, PendingWindowInDays=7)
    assert kms.describe_key(KeyId=hsm_key)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    kms.cancel_key_deletion(KeyId=hsm_key)  # without reconnecting [DG23]
    assert kms.describe_key(KeyId=hsm_key)["KeyMetadata"]["KeyState"] == "Unavailable"


def test_an_outage_and_its_repair(kms: Any, kms_fake: KmsFake, hsm: str, hsm_key: str) -> None:
    kms_fake.fail_custom_key_store(hsm, "NETWORK_ERRORS")
    entry = _describe(kms, hsm)
    assert (entry["ConnectionState"], entry["ConnectionErrorCode"]) == ("FAILED", "NETWORK_ERRORS")
    error = modeled_error(lambda: kms.encrypt(KeyId=hsm_key, Plaintext=b"x"))
    assert error["Message"] == f"{_arn(hsm_key)} is unavailable."
    error = modeled_error(lambda: kms.connect_custom_key_store(CustomKeyStoreId=hsm))
    assert error == {  # a FAILED store must be disconnected first [MD]
        "Code": "CustomKeyStoreInvalidStateException",
        "Message": f"ConnectCustomKeyStore is not valid for custom key store {hsm} while its "
        "ConnectionState is FAILED.",
    }
    kms.disconnect_custom_key_store(CustomKeyStoreId=hsm)
    assert "ConnectionErrorCode" not in _describe(kms, hsm)
    kms.connect_custom_key_store(CustomKeyStoreId=hsm)  # the network is still down
    assert _describe(kms, hsm)["ConnectionErrorCode"] == "NETWORK_ERRORS"
    kms_fake.repair_custom_key_store(hsm)
    assert _describe(kms, hsm)["ConnectionState"] == "CONNECTED"
    assert kms.encrypt(KeyId=hsm_key, Plaintext=b"x")["KeyId"] == _arn(hsm_key)


def test_fail_custom_key_store_takes_the_type_s_codes(kms_fake: KmsFake, hsm: str) -> None:
    with pytest.raises(ValueError, match="not a ConnectionErrorCode of a AWS_CLOUDHSM"):
        kms_fake.fail_custom_key_store(hsm, "XKS_PROXY_TIMED_OUT")
    with pytest.raises(LookupError, match="no custom key store"):
        kms_fake.fail_custom_key_store("cks-00000000000000000")


def test_delete_a_custom_key_store(clock_start: Any, kms: Any, hsm: str, hsm_key: str) -> None:
    error = modeled_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=hsm))
    assert error["Code"] == "CustomKeyStoreInvalidStateException"  # connected
    kms.disconnect_custom_key_store(CustomKeyStoreId=hsm)
    kms.schedule_key_deletion(KeyId=hsm_key, PendingWindowInDays=7)
    error = modeled_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=hsm))
    assert error == {  # INFERRED wording
        "Code": "CustomKeyStoreHasCMKsException",
        "Message": f"Custom key store {hsm} contains KMS keys. Delete them before you delete the "
        "custom key store.",
    }
    clock_start.tick(datetime.timedelta(days=7))
    kms.delete_custom_key_store(CustomKeyStoreId=hsm)
    error = modeled_error(lambda: kms.describe_custom_key_stores(CustomKeyStoreId=hsm))
    assert error == {  # INFERRED wording
        "Code": "CustomKeyStoreNotFoundException",
        "Message": f"Custom key store '{hsm}' does not exist.",
    }


@pytest.fixture
def clock_start() -> Iterator[Any]:
    with freeze_time(datetime.datetime(2031, 3, 1, tzinfo=datetime.timezone.utc)) as frozen:
        yield frozen


def test_ten_custom_key_stores_per_account_and_region(kms: Any) -> None:
    quota = documented.CUSTOM_KEY_STORES_PER_ACCOUNT_REGION
    for number in range(quota):
        # Cluster IDs are letters and the digits 2-7 [M]: one letter for each store.
        _cloudhsm(
            kms,
            name=f"store-{number}",
            cluster=f"cluster-{'abcdefghijklmnopqrstuvwxy'[number] * 11}",
        )
    error = modeled_error(lambda: _cloudhsm(kms, name="one-more", cluster="cluster-zzzzzzzzzzz"))
    assert error == {  # INFERRED wording
        "Code": documented.QUOTA_EXCEEDED_ERROR,
        "Message": f"This account already has {quota} custom key stores in this Region, the "
        "most it can have.",
    }
    other_region = boto3.client("kms", region_name="eu-west-1")
    _cloudhsm(other_region, name="one-more", cluster="cluster-zzzzzzzzzzz")


def test_names_and_clusters_belong_to_one_store(kms: Any, kms_fake: KmsFake) -> None:
    _cloudhsm(kms)
    error = modeled_error(lambda: _cloudhsm(kms, cluster="cluster-zzzzzzzzzzz"))
    assert error == {  # INFERRED wording
        "Code": "CustomKeyStoreNameInUseException",
        "Message": "The custom key store name hsm is already assigned to another custom key "
        "store in the account.",
    }
    error = modeled_error(lambda: _cloudhsm(kms, name="other"))
    assert error == {  # INFERRED wording
        "Code": "CloudHsmClusterInUseException",
        "Message": f"The CloudHSM cluster {CLUSTER} is already associated with a custom key "
        "store in the account, or shares a backup history with one.",
    }
    kms_fake.cloudhsm_cluster("cluster-restoredabcd", backup_of=CLUSTER)
    error = modeled_error(lambda: _cloudhsm(kms, name="other", cluster="cluster-restoredabcd"))
    assert error["Code"] == "CloudHsmClusterInUseException"


@pytest.mark.parametrize(
    ("facts", "code", "message"),
    [
        (
            {"state": "DELETED"},
            "CloudHsmClusterNotFoundException",
            f"KMS cannot find the CloudHSM cluster {CLUSTER}.",
        ),
        (
            {"state": "UNINITIALIZED"},
            "CloudHsmClusterNotActiveException",
            f"The CloudHSM cluster {CLUSTER} is not active.",
        ),
        (
            {"hsms": 1},
            "CloudHsmClusterInvalidConfigurationException",
            f"The CloudHSM cluster {CLUSTER} must contain at least 2 active HSMs for "
            "CreateCustomKeyStore.",
        ),
        (
            {"trust_anchor": "<another certificate>"},
            "IncorrectTrustAnchorException",
            "The trust anchor certificate is not the trust anchor certificate of the CloudHSM "
            f"cluster {CLUSTER}.",
        ),
    ],
)
def test_what_kms_finds_about_the_cluster(
    kms: Any, kms_fake: KmsFake, facts: dict[str, Any], code: str, message: str
) -> None:
    kms_fake.cloudhsm_cluster(CLUSTER, **facts)
    assert modeled_error(lambda: _cloudhsm(kms)) == {"Code": code, "Message": message}  # INFERRED


def test_connecting_to_a_cluster_that_is_gone_or_empty(kms: Any, kms_fake: KmsFake) -> None:
    store_id = _cloudhsm(kms)
    kms_fake.cloudhsm_cluster(CLUSTER, state="DELETED")
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)  # succeeds, then fails [MD]
    entry = _describe(kms, store_id)
    assert (entry["ConnectionState"], entry["ConnectionErrorCode"]) == (
        "FAILED",
        "CLUSTER_NOT_FOUND",
    )
    kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)
    kms_fake.cloudhsm_cluster(CLUSTER, hsms=0)
    error = modeled_error(lambda: kms.connect_custom_key_store(CustomKeyStoreId=store_id))
    assert error == {  # fails at once [MD]; INFERRED wording
        "Code": "CloudHsmClusterInvalidConfigurationException",
        "Message": f"The CloudHSM cluster {CLUSTER} must contain at least 1 active HSM for "
        "ConnectCustomKeyStore.",
    }
    assert _describe(kms, store_id)["ConnectionState"] == "DISCONNECTED"


def test_update_a_cloudhsm_key_store(kms: Any, kms_fake: KmsFake, hsm: str, hsm_key: str) -> None:
    kms.update_custom_key_store(CustomKeyStoreId=hsm, NewCustomKeyStoreName="renamed")
    assert _describe(kms, hsm)["CustomKeyStoreName"] == "renamed"
    error = modeled_error(
        lambda: kms.update_custom_key_store(CustomKeyStoreId=hsm, KeyStorePassword="newPassword")
    )
    assert error == {  # needs DISCONNECTED [MD]; INFERRED wording
        "Code": "CustomKeyStoreInvalidStateException",
        "Message": f"UpdateCustomKeyStore is not valid for custom key store {hsm} while its "
        "ConnectionState is CONNECTED.",
    }
    kms.disconnect_custom_key_store(CustomKeyStoreId=hsm)
    kms.update_custom_key_store(CustomKeyStoreId=hsm, KeyStorePassword="newPassword")
    error = modeled_error(
        lambda: kms.update_custom_key_store(
            CustomKeyStoreId=hsm, CloudHsmClusterId="cluster-zzzzzzzzzzz"
        )
    )
    assert error == {  # INFERRED wording
        "Code": "CloudHsmClusterNotRelatedException",
        "Message": f"The CloudHSM cluster cluster-zzzzzzzzzzz does not share a backup history "
        f"with {CLUSTER}, the cluster of custom key store {hsm}.",
    }
    kms_fake.cloudhsm_cluster("cluster-restoredabcd", backup_of=CLUSTER)
    kms.update_custom_key_store(CustomKeyStoreId=hsm, CloudHsmClusterId="cluster-restoredabcd")
    meta = kms.describe_key(KeyId=hsm_key)["KeyMetadata"]
    assert meta["CloudHsmClusterId"] == "cluster-restoredabcd"


def test_cross_field_rules_of_create(kms: Any) -> None:
    error = modeled_error(
        lambda: kms.create_custom_key_store(
            CustomKeyStoreName="x", CloudHsmClusterId=CLUSTER, KeyStorePassword="kmsPswd"
        )
    )
    assert error == {  # INFERRED wording
        "Code": "ValidationException",
        "Message": "TrustAnchorCertificate is required for a custom key store of type "
        "AWS_CLOUDHSM.",
    }
    error = modeled_error(lambda: _cloudhsm(kms, XksProxyUriPath=PATH))
    assert error == {  # INFERRED wording
        "Code": "ValidationException",
        "Message": "XksProxyUriPath is not valid for a custom key store of type AWS_CLOUDHSM.",
    }
    error = modeled_error(lambda: _xks(kms, XksProxyConnectivity="VPC_ENDPOINT_SERVICE"))
    assert error == {  # INFERRED wording
        "Code": "ValidationException",
        "Message": "XksProxyVpcEndpointServiceName is required when XksProxyConnectivity is "
        "VPC_ENDPOINT_SERVICE.",
    }
    error = modeled_error(lambda: _xks(kms, XksProxyVpcEndpointServiceName=SERVICE))
    assert error == {  # INFERRED wording
        "Code": "ValidationException",
        "Message": "XksProxyVpcEndpointServiceName is not valid when XksProxyConnectivity is "
        "PUBLIC_ENDPOINT.",
    }
    error = modeled_error(lambda: _xks(kms, XksProxyUriPath="/wrong/path"))
    assert error["Code"] == "ValidationException"  # the model's pattern, checked generically
    assert "at 'xksProxyUriPath' failed to satisfy constraint" in error["Message"]


# --- GenerateRandom ----------------------------------------------------------------------------


def test_generate_random_in_a_custom_key_store(kms: Any, hsm: str) -> None:
    assert len(kms.generate_random(NumberOfBytes=16, CustomKeyStoreId=hsm)["Plaintext"]) == 16
    kms.disconnect_custom_key_store(CustomKeyStoreId=hsm)
    error = modeled_error(lambda: kms.generate_random(NumberOfBytes=16, CustomKeyStoreId=hsm))
    assert error["Code"] == "CustomKeyStoreInvalidStateException"
    error = modeled_error(
        lambda: kms.generate_random(NumberOfBytes=16, CustomKeyStoreId="cks-nope")
    )
    assert error == {
        "Code": "CustomKeyStoreNotFoundException",
        "Message": "Custom key store 'cks-nope' does not exist.",
    }
    xks = _xks(kms)
    error = modeled_error(lambda: kms.generate_random(NumberOfBytes=16, CustomKeyStoreId=xks))
    assert error == {  # the exception is documented [MD]; INFERRED wording
        "Code": "UnsupportedOperationException",
        "Message": "GenerateRandom does not support external key stores. Specify the ID of an "
        "AWS CloudHSM key store.",
    }


# --- DescribeCustomKeyStores -------------------------------------------------------------------


def test_describe_custom_key_stores_filters_and_pages(kms: Any) -> None:
    first, second = _cloudhsm(kms, "a"), _cloudhsm(kms, "b", cluster="cluster-zzzzzzzzzzz")
    page = kms.describe_custom_key_stores(Limit=1)
    assert [s["CustomKeyStoreId"] for s in page["CustomKeyStores"]] == [first]
    rest = kms.describe_custom_key_stores(Marker=page["NextMarker"])
    assert [s["CustomKeyStoreId"] for s in rest["CustomKeyStores"]] == [second]
    assert rest["Truncated"] is False
    named = kms.describe_custom_key_stores(CustomKeyStoreName="b")["CustomKeyStores"]
    assert [s["CustomKeyStoreId"] for s in named] == [second]
    error = modeled_error(lambda: kms.describe_custom_key_stores(CustomKeyStoreName="c"))
    assert error == {
        "Code": "CustomKeyStoreNotFoundException",
        "Message": "Custom key store 'c' does not exist.",
    }
    error = modeled_error(
        lambda: kms.describe_custom_key_stores(CustomKeyStoreId=first, CustomKeyStoreName="a")
    )
    assert error == {  # INFERRED wording
        "Code": "ValidationException",
        "Message": "Specify either CustomKeyStoreId or CustomKeyStoreName, not both.",
    }
    assert kms.describe_custom_key_stores.__name__  # the paginator exists too
    assert kms.can_paginate("describe_custom_key_stores")


# --- CreateKey in a custom key store -----------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        (
            {"Origin": "AWS_CLOUDHSM"},
            "ValidationException",
            "CustomKeyStoreId is required when Origin is AWS_CLOUDHSM.",
        ),
        (
            {"Origin": "EXTERNAL_KEY_STORE", "XksKeyId": "k"},
            "ValidationException",
            "CustomKeyStoreId is required when Origin is EXTERNAL_KEY_STORE.",
        ),
        (
            {"XksKeyId": "k"},
            "ValidationException",
            "XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE.",
        ),
        (
            {"Origin": "AWS_CLOUDHSM", "CustomKeyStoreId": "cks-nope"},
            "CustomKeyStoreNotFoundException",
            "Custom key store 'cks-nope' does not exist.",
        ),
    ],
)
def test_create_key_needs_a_store_and_its_origin(
    kms: Any, params: dict[str, Any], code: str, message: str
) -> None:
    assert modeled_error(lambda: kms.create_key(**params)) == {
        "Code": code,
        "Message": message,
    }  # INFERRED


def test_create_key_rules_of_a_cloudhsm_store(kms: Any, kms_fake: KmsFake, hsm: str) -> None:
    cases = [
        ({}, "ValidationException", f"A KMS key in custom key store {hsm} must have Origin AWS_CLOUDHSM."),
        ({"Origin": "AWS_CLOUDHSM", "XksKeyId": "k"}, "ValidationException", "XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE."),
        ({"Origin": "AWS_CLOUDHSM", "KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}, "UnsupportedOperationException", "A KMS key in a custom key store must be a symmetric encryption key (KeySpec SYMMETRIC_DEFAULT)."),
        ({"Origin": "AWS_CLOUDHSM", "MultiRegion": True}, "UnsupportedOperationException", "You cannot create a multi-Region key in a custom key store."),
    ]  # fmt: skip
    for params, code, message in cases:  # INFERRED wordings
        error = modeled_error(lambda p=params: kms.create_key(CustomKeyStoreId=hsm, **p))
        assert error == {"Code": code, "Message": message}
    kms_fake.cloudhsm_cluster(CLUSTER, hsms=1)
    error = modeled_error(lambda: kms.create_key(CustomKeyStoreId=hsm, Origin="AWS_CLOUDHSM"))
    assert error["Message"] == (
        f"The CloudHSM cluster {CLUSTER} must contain at least 2 active HSMs for CreateKey."
    )


# --- external key stores -----------------------------------------------------------------------


def test_a_new_external_key_store(kms: Any) -> None:
    public = _describe(kms, _xks(kms))
    assert public["CustomKeyStoreType"] == "EXTERNAL_KEY_STORE"
    assert "CloudHsmClusterId" not in public and "TrustAnchorCertificate" not in public
    assert public["XksProxyConfiguration"] == {
        "Connectivity": "PUBLIC_ENDPOINT",
        "AccessKeyId": CREDENTIAL["AccessKeyId"],
        "UriEndpoint": ENDPOINT,
        "UriPath": PATH,
    }
    vpc = _describe(
        kms,
        _xks(
            kms,
            name="vpc",
            XksProxyConnectivity="VPC_ENDPOINT_SERVICE",
            XksProxyUriEndpoint="https://private.xks.example.com",
            XksProxyVpcEndpointServiceName=SERVICE,
        ),
    )
    assert vpc["XksProxyConfiguration"]["VpcEndpointServiceName"] == SERVICE
    assert vpc["XksProxyConfiguration"]["VpcEndpointServiceOwner"] == ACCOUNT  # default [MD]


def test_proxy_uris_and_services_belong_to_one_store(kms: Any) -> None:
    _xks(kms)
    error = modeled_error(lambda: _xks(kms, name="same-uri"))
    assert error == {  # INFERRED wording
        "Code": "XksProxyUriInUseException",
        "Message": f"The proxy URI {ENDPOINT}{PATH} is already associated with another external "
        "key store in this Region.",
    }
    _xks(kms, name="other-path", XksProxyUriPath="/prefix/kms/xks/v1")  # public: allowed
    error = modeled_error(
        lambda: _xks(
            kms,
            name="vpc",
            XksProxyConnectivity="VPC_ENDPOINT_SERVICE",
            XksProxyUriPath="/vpc/kms/xks/v1",
            XksProxyVpcEndpointServiceName=SERVICE,
        )
    )
    assert error == {  # INFERRED wording
        "Code": "XksProxyUriEndpointInUseException",
        "Message": f"The XksProxyUriEndpoint {ENDPOINT} is already associated with another "
        "external key store in this Region.",
    }
    vpc = {
        "XksProxyConnectivity": "VPC_ENDPOINT_SERVICE",
        "XksProxyVpcEndpointServiceName": SERVICE,
    }
    _xks(kms, name="vpc", XksProxyUriEndpoint="https://private.xks.example.com", **vpc)
    error = modeled_error(
        lambda: _xks(kms, name="vpc2", XksProxyUriEndpoint="https://p2.example.com", **vpc)
    )
    assert error == {  # INFERRED wording
        "Code": "XksProxyVpcEndpointServiceInUseException",
        "Message": f"The VPC endpoint service {SERVICE} is already associated with another "
        "external key store in this Region.",
    }


@pytest.mark.parametrize(
    ("facts", "code", "message"),
    [
        ({"reachable": False}, "XksProxyUriUnreachableException", UNREACHABLE),
        (
            {"access_key_id": "ANOTHERACCESSKEYIDXY"},
            "XksProxyIncorrectAuthenticationCredentialException",
            "The external key store proxy rejected the request because it could not "
            "authenticate AWS KMS. Verify the credentials for your external key store and update "
            "if necessary.",
        ),
        (
            {"uri_path": "/other/kms/xks/v1"},
            "XksProxyInvalidConfigurationException",
            "The external key store proxy rejected the request because of an invalid URI path. "
            "Verify the URI path for your external key store and update if necessary.",
        ),
    ],
)
def test_kms_tests_a_public_proxy_when_the_store_is_created(
    kms: Any, kms_fake: KmsFake, facts: dict[str, Any], code: str, message: str
) -> None:
    kms_fake.xks_proxy(ENDPOINT, **facts)
    assert modeled_error(lambda: _xks(kms)) == {"Code": code, "Message": message}  # [DG23]


def test_kms_tests_a_vpc_proxy_when_the_store_connects(kms: Any, kms_fake: KmsFake) -> None:
    endpoint = "https://private.xks.example.com"
    kms_fake.xks_proxy(endpoint, reachable=False)
    store_id = _xks(
        kms,
        XksProxyConnectivity="VPC_ENDPOINT_SERVICE",
        XksProxyUriEndpoint=endpoint,
        XksProxyVpcEndpointServiceName=SERVICE,
    )
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    entry = _describe(kms, store_id)
    assert (entry["ConnectionState"], entry["ConnectionErrorCode"]) == (
        "FAILED",
        "XKS_PROXY_NOT_REACHABLE",
    )


def test_keys_in_an_external_key_store(kms: Any, kms_fake: KmsFake) -> None:
    kms_fake.xks_proxy(ENDPOINT, external_keys=["key-1", "key-2"])
    store_id = _xks(kms)
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    create = dict(Origin="EXTERNAL_KEY_STORE", CustomKeyStoreId=store_id)
    error = modeled_error(lambda: kms.create_key(**create))
    assert error == {  # INFERRED wording
        "Code": "ValidationException",
        "Message": "XksKeyId is required when Origin is EXTERNAL_KEY_STORE.",
    }
    meta = kms.create_key(XksKeyId="key-1", **create)["KeyMetadata"]
    assert meta["Origin"] == "EXTERNAL_KEY_STORE" and meta["CustomKeyStoreId"] == store_id
    assert meta["XksKeyConfiguration"] == {"Id": "key-1"} and "CloudHsmClusterId" not in meta
    error = modeled_error(lambda: kms.create_key(XksKeyId="key-1", **create))
    assert error == {  # INFERRED wording
        "Code": "XksKeyAlreadyInUseException",
        "Message": "The external key key-1 is already associated with another KMS key in this "
        "external key store.",
    }
    error = modeled_error(lambda: kms.create_key(XksKeyId="key-9", **create))
    assert error == {  # [DG23]
        "Code": "XksKeyNotFoundException",
        "Message": "The external key store proxy rejected the request because it could not find "
        "the external key.",
    }
    kms_fake.fail_custom_key_store(store_id, "XKS_PROXY_TIMED_OUT")
    error = modeled_error(lambda: kms.encrypt(KeyId=meta["KeyId"], Plaintext=b"x"))
    assert error == {
        "Code": "KMSInvalidStateException",
        "Message": f"{meta['Arn']} is unavailable.",
    }


def test_update_an_external_key_store(kms: Any) -> None:
    store_id = _xks(kms)
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    kms.update_custom_key_store(CustomKeyStoreId=store_id, XksProxyUriPath="/new/kms/xks/v1")
    new_credential = {**CREDENTIAL, "AccessKeyId": "ANOTHERACCESSKEYIDXY"}
    kms.update_custom_key_store(
        CustomKeyStoreId=store_id, XksProxyAuthenticationCredential=new_credential
    )
    config = _describe(kms, store_id)["XksProxyConfiguration"]
    assert (config["UriPath"], config["AccessKeyId"]) == ("/new/kms/xks/v1", "ANOTHERACCESSKEYIDXY")
    error = modeled_error(
        lambda: kms.update_custom_key_store(
            CustomKeyStoreId=store_id, XksProxyUriEndpoint="https://new.example.com"
        )
    )
    assert error["Code"] == "CustomKeyStoreInvalidStateException"
    kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)
    vpc = {
        "XksProxyConnectivity": "VPC_ENDPOINT_SERVICE",
        "XksProxyVpcEndpointServiceName": SERVICE,
    }
    error = modeled_error(lambda: kms.update_custom_key_store(CustomKeyStoreId=store_id, **vpc))
    assert error == {  # INFERRED wording
        "Code": "ValidationException",
        "Message": "To change XksProxyConnectivity, also change XksProxyUriEndpoint.",
    }
    kms.update_custom_key_store(
        CustomKeyStoreId=store_id, XksProxyUriEndpoint="https://private.example.com", **vpc
    )
    config = _describe(kms, store_id)["XksProxyConfiguration"]
    assert config["Connectivity"] == "VPC_ENDPOINT_SERVICE"
    assert config["VpcEndpointServiceOwner"] == ACCOUNT
    kms.update_custom_key_store(
        CustomKeyStoreId=store_id,
        XksProxyConnectivity="PUBLIC_ENDPOINT",
        XksProxyUriEndpoint=ENDPOINT,
    )
    assert "VpcEndpointServiceName" not in _describe(kms, store_id)["XksProxyConfiguration"]
