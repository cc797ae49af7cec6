"""The ARN partition of each region, as AWS names them (AWS General Reference, "Amazon
Resource Names": aws, aws-cn, aws-us-gov and the isolated partitions), from botocore's
endpoint data, and from the region's prefix where that data cannot say (an older botocore)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.regions import EndpointResolver

from pytest_kmsfake._rules import arns

DOCUMENTED = {
    "us-east-1": "aws",
    "eu-west-1": "aws",
    "cn-north-1": "aws-cn",
    "cn-northwest-1": "aws-cn",
    "us-gov-west-1": "aws-us-gov",
    "us-iso-east-1": "aws-iso",
    "us-isob-east-1": "aws-iso-b",
    "eu-isoe-west-1": "aws-iso-e",
    "us-isof-south-1": "aws-iso-f",
}


def _botocores_partitions() -> list[dict[str, Any]]:
    import botocore.session

    loader = botocore.session.get_session().get_component("data_loader")
    return list(loader.load_data("endpoints")["partitions"])


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    arns.partition_for.cache_clear()
    yield
    arns.partition_for.cache_clear()


@pytest.mark.parametrize("region", DOCUMENTED)
def test_each_region_is_in_its_documented_partition(region: str, fresh_cache: None) -> None:
    assert arns.partition_for(region) == DOCUMENTED[region]


def test_a_partition_only_botocores_data_knows(fresh_cache: None) -> None:
    # The European Sovereign Cloud has no prefix in the fake's table: botocore's data names it
    # (botocores older than that partition, such as the project's floor, do not).
    known = {p["partition"] for p in _botocores_partitions()}
    if "aws-eusc" not in known:
        pytest.skip("this botocore's endpoint data predates the aws-eusc partition")
    assert arns.partition_for("eusc-de-east-1") == "aws-eusc"
    assert arns.is_known_region("eusc-de-east-1")


@pytest.mark.parametrize("region", DOCUMENTED)
def test_without_botocores_lookup_the_prefix_decides(
    region: str, fresh_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(self: EndpointResolver, region_name: str) -> str:
        raise AttributeError("an older botocore has no get_partition_for_region")

    monkeypatch.setattr(EndpointResolver, "get_partition_for_region", missing)
    assert arns.partition_for(region) == DOCUMENTED[region]


def test_every_region_botocore_lists_fits_its_partitions_pattern() -> None:
    # is_known_region reads the patterns alone; it relies on this.
    for partition in _botocores_partitions():
        pattern = re.compile(partition["regionRegex"])
        for region in partition["regions"]:
            assert pattern.match(region), (partition["partition"], region)
            assert arns.is_known_region(region)


@pytest.mark.parametrize("region", ["us-east-", "useast-1", "mars-north-1", "", "cn-north"])
def test_a_name_no_partition_admits_is_not_a_region(region: str) -> None:
    assert not arns.is_known_region(region)
