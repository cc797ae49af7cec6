"""Mutants that no test can kill because they change no behaviour, each with the reason.

Keys are `Mutant.key` as `run.py` prints them: module | scope | operator | before -> after.
"""

from __future__ import annotations

_EMPTY_PLAINTEXT_ONLY = (
    "only a blob exactly header + nonce + tag long is treated differently: that is an empty "
    "plaintext, which Encrypt and GenerateDataKey refuse, so such a blob can only be forged, "
    "and it fails authentication either way"
)
_MESSAGE_NEVER_SHOWN = (
    "Decrypt turns every CiphertextError into InvalidCiphertextException without a message, "
    "as AWS sends it; the internal text reaches no caller"
)

_CACHE_SIZE = "the size of a cache of decisions changes speed only"
_TEMPLATE_NAME = (
    "a template row's name is never read: `_like` gives every row made from it its own name"
)
_FIRST_MATCH_ONLY = (
    "get_close_matches returns the best match first and only the first is shown; asking for "
    "more matches changes nothing a caller sees"
)

EQUIVALENT: dict[str, str] = {
    "_crypto.symmetric | _TAG_BYTES | change-number | 16 -> 17": _EMPTY_PLAINTEXT_ONLY,
    "_crypto.symmetric | parse | flip-comparison | "
    "len(blob) < header_end + _NONCE_BYTES + _TAG_BYTES "
    "-> len(blob) <= header_end + _NONCE_BYTES + _TAG_BYTES": _EMPTY_PLAINTEXT_ONLY,
    "_crypto.symmetric | ParsedBlob | drop-keyword | "
    "dataclass(frozen=True) -> without frozen=True": ("a private record that nothing assigns to"),
    "_crypto.symmetric | ParsedBlob | flip-bool | True -> False": (
        "a private record that nothing assigns to"
    ),
    "_crypto.symmetric | _cipher | drop-keyword | functools.lru_cache(maxsize=512) -> without "
    "maxsize=512": "the cache's size changes speed only",
    "_crypto.symmetric | _cipher | change-number | 512 -> 513": (
        "the cache's size changes speed only"
    ),
    "_crypto.symmetric | encode_context | drop-element | "
    "[struct.pack('>I', len(items))] -> without struct.pack('>I', len(items))": (
        "each pair is length-prefixed, so the encoding stays unambiguous without the count; "
        "only bytes no caller sees change"
    ),
    "_crypto.symmetric | parse | drop-element | (IndexError, struct.error, UnicodeDecodeError) -> "
    "without IndexError": (
        "only an empty blob raises IndexError, and an empty CiphertextBlob is refused before "
        "it is parsed, with or without botocore's validation"
    ),
    "_crypto.symmetric | parse | change-string | 'blob too short' -> 'blob too shortXX'": (
        _MESSAGE_NEVER_SHOWN
    ),
    "_crypto.symmetric | parse | change-string | "
    "'unknown blob version' -> 'unknown blob versionXX'": (_MESSAGE_NEVER_SHOWN),
    "_crypto.symmetric | open_sealed | change-string | 'authentication failed' -> "
    "'authentication failedXX'": _MESSAGE_NEVER_SHOWN,
    # The seam.
    "_client.seam | _aio_base_client | flip-bool | True -> False": (
        "without the flag the lookup runs again on each activation and finds the same class "
        "(aiobotocore.client is already imported); only speed changes"
    ),
    "_client.seam | deactivate | change-number | 1 -> 2 #2": (
        "the stop of range(len(_active) - 1, -1, -1) becoming -2 adds index -1, which the loop "
        "reaches only for a service that is not on the stack; KmsFake deactivates only the "
        "service it activated, and index -1 is the last one, already compared"
    ),
    # The region rules.
    "_rules.regions | _spec_refusal | drop-keyword | "
    "functools.lru_cache(maxsize=4096) -> without maxsize=4096": _CACHE_SIZE,
    "_rules.regions | _spec_refusal | change-number | 4096 -> 4097": _CACHE_SIZE,
    "_rules.regions | _operation_refusal | drop-keyword | "
    "functools.lru_cache(maxsize=4096) -> without maxsize=4096": _CACHE_SIZE,
    "_rules.regions | _operation_refusal | change-number | 4096 -> 4097": _CACHE_SIZE,
    "_rules.regions | RegionRule | change-string | '' -> 'XX'": (
        "the default of RegionRule.source is never used: every rule the package makes names "
        "its source (the profiles theirs, rules_from 'user rule'), and RegionRule is private"
    ),
    # The key-resolution chokepoint.
    "_service.resolve | check_state | change-string | ' names no key' -> ' names no keyXX'": (
        "the message of an invariant's assert: only operations whose row has a key-state "
        "column resolve a key (tests/test_operation_rows.py), so no call reaches it"
    ),
    # Key references.
    "_rules.arns | parse_reference | drop-keyword | "
    "functools.lru_cache(maxsize=1024) -> without maxsize=1024": _CACHE_SIZE,
    "_rules.arns | parse_reference | change-number | 1024 -> 1025": _CACHE_SIZE,
    # The call log.
    "_state.calls | check_operation | change-number | 1 -> 2": _FIRST_MATCH_ONLY,
    "_state.calls | check_operation | drop-keyword | "
    "difflib.get_close_matches(operation, operation_names(), n=1) -> without n=1": (
        _FIRST_MATCH_ONLY
    ),
    # The operation rows.
    **{
        f"_rules.operations | {template} | change-string | '' -> 'XX'": _TEMPLATE_NAME
        for template in ("_CRYPTO", "_MANAGEMENT", "_LOOKING", "_CUSTOM_KEY_STORE")
    },
}
