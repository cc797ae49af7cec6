"""TagResource, UntagResource, ListResourceTags, and the tag rules CreateKey shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..._rules.errors import KmsError
from ..._rules.limits import MAX_TAGS_PER_KEY, RESERVED_TAG_PREFIX
from ..context import CallContext
from ..resolve import resolve_key
from ._paging import page
from ._registry import Output, Params, operation


def check_new_tags(existing: Mapping[str, str], tags: Sequence[Mapping[str, Any]]) -> None:
    """Refuse a tag set AWS refuses, with its TagException texts [LS:2025-01]."""
    keys = [tag["TagKey"] for tag in tags]
    if any(key.lower().startswith(RESERVED_TAG_PREFIX) for key in keys):
        raise KmsError("TagException", "Tags beginning with aws: are reserved")
    if len(set(keys)) != len(keys):
        raise KmsError("TagException", "Duplicate tag keys")
    if len(set(existing) | set(keys)) > MAX_TAGS_PER_KEY:
        raise KmsError("TagException", "Too many tags")


@operation("TagResource")
def tag_resource(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    check_new_tags(key.tags, params["Tags"])
    for tag in params["Tags"]:
        key.tags[tag["TagKey"]] = tag["TagValue"]  # an existing key is overwritten [MD]
    return {}


@operation("UntagResource")
def untag_resource(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    for name in params["TagKeys"]:
        key.tags.pop(name, None)  # removing an absent tag succeeds silently [MD]
    return {}


@operation("ListResourceTags")
def list_resource_tags(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    tags = [{"TagKey": k, "TagValue": v} for k, v in key.tags.items()]
    chunk, more = page("ListResourceTags", tags, params)
    return {"Tags": chunk, **more}
