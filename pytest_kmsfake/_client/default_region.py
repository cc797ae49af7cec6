"""The region a botocore client gets when the code under test names none: the region the
fake's helpers (`create_key()`, declared keys, ...) use when the test names none either, so
that a key made by a helper is where a client made with the defaults looks for it."""

from __future__ import annotations

import functools
import os

import botocore.session

FALLBACK = "us-east-1"
"""Where no region is configured at all (botocore itself would refuse to make a client)."""

# What botocore reads to find the region; the answer is cached while none of them changes.
_SETTINGS = ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


def default_region() -> str:
    """botocore's configured region (``AWS_DEFAULT_REGION``, then the profile's ``region`` in
    the config file), else us-east-1."""
    config_file = os.path.expanduser(os.environ.get("AWS_CONFIG_FILE", "~/.aws/config"))
    try:
        modified = os.stat(config_file).st_mtime_ns
    except OSError:
        modified = None
    settings = tuple(os.environ.get(name) for name in _SETTINGS)
    return _region_for(settings, config_file, modified)


@functools.lru_cache(maxsize=16)
def _region_for(settings: tuple[str | None, ...], config_file: str, modified: int | None) -> str:
    # A new session each time: boto3's default session, or one the code under test made, may
    # carry settings of its own, but a fresh session is what a client made with the defaults
    # starts from.
    region = botocore.session.Session().get_config_variable("region")
    return str(region) if region else FALLBACK
