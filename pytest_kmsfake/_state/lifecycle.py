"""Transitions that happen with time: deletion, automatic rotation, expiry of imported material.

Nothing runs in the background: before every call, `advance` looks at the keys of the
caller's region that have something due and carries out whatever the clock has passed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clock import SECONDS_PER_DAY
from .cloudtrail import ServiceEvent
from .store import CURRENT, NON_CURRENT, Key, KeyMaterial, RegionStore

if TYPE_CHECKING:
    from .._crypto.entropy import Entropy


def watch(store: RegionStore, key: Key) -> None:
    """Have `advance` look at this key until nothing about it depends on time."""
    store.watched.add(key.key_id)


def advance(store: RegionStore, now: float, entropy: Entropy) -> None:
    if not store.watched:
        return
    for key_id in list(store.watched):
        key = store.keys.get(key_id)
        if key is None:
            store.watched.discard(key_id)
            continue
        if key.related is not None:  # a multi-Region key follows its other Regions
            key.related.settle(store, now, entropy, advance)
        if key.deletion_date is not None and key.deletion_date <= now:
            store.delete_key(key_id)  # the key and its aliases are gone [MD]
            _report(store, "DeleteKey", key.deletion_date, key)
            if key.related is not None:
                key.related.forget(key, key.deletion_date)
            continue
        _rotate_when_due(store, key, now, entropy)
        _expire_imported_material(store, key, now)
        if not _depends_on_time(key):
            store.watched.discard(key_id)


def rotate(key: Key, when: float, rotation_type: str, entropy: Entropy) -> KeyMaterial:
    """Make new material current; the old stays for decrypting older ciphertexts."""
    for material in key.materials:
        if material.state == CURRENT:
            material.state = NON_CURRENT
    material = KeyMaterial(
        material_id=entropy.material_id(),
        secret=entropy.material(key.key_spec),
        created=when,
        rotation_type=rotation_type,
        rotation_date=when,
    )
    key.materials.append(material)
    return material


def start_automatic_rotation(store: RegionStore, key: Key, days: int, since: float) -> None:
    """Automatic rotation every `days`, the first period counted from `since`."""
    key.rotation_enabled, key.rotation_period_days = True, days
    schedule_next_rotation(key, since)
    watch(store, key)


def schedule_next_rotation(key: Key, since: float) -> None:
    assert key.rotation_period_days is not None
    key.next_rotation_date = since + key.rotation_period_days * SECONDS_PER_DAY


def _report(
    store: RegionStore, name: str, when: float, key: Key, details: dict[str, str] | None = None
) -> None:
    """Tell the call log what KMS did by itself, as the service event CloudTrail records."""
    if store.notify is not None:
        store.notify(ServiceEvent(name, when, key.account_id, key.region, key.arn, details))


def report_rotation(
    store: RegionStore, key: Key, previous: str | None, material: KeyMaterial
) -> None:
    """The RotateKey service event of a rotation [DG-CT ct-rotatekey]."""
    details = {"rotationType": str(material.rotation_type), "keyOrigin": key.origin}
    if previous is not None:
        details["previousKeyMaterialId"] = previous
    details["currentKeyMaterialId"] = material.material_id
    details["keyId"] = key.key_id
    _report(store, "RotateKey", material.rotation_date or material.created, key, details)


def _rotate_when_due(store: RegionStore, key: Key, now: float, entropy: Entropy) -> None:
    """Rotate once per period passed while the key was Enabled. A rotation that fell due while
    the key was disabled happens as soon as the key is enabled again [MD EnableKeyRotation]."""
    if not key.rotation_enabled or key.state != "Enabled" or key.next_rotation_date is None:
        return
    enabled_since = key.enabled_since if key.enabled_since is not None else key.creation_date
    while key.next_rotation_date <= now:
        when = max(key.next_rotation_date, enabled_since)
        previous = key.current_material
        material = rotate(key, when, "AUTOMATIC", entropy)
        report_rotation(store, key, previous.material_id if previous else None, material)
        schedule_next_rotation(key, when)


def _expire_imported_material(store: RegionStore, key: Key, now: float) -> None:
    for material in key.materials:
        if material.valid_to is not None and material.valid_to <= now and not material.deleted:
            expired = material.valid_to
            forget_imported_material(key, material)
            details = {"keyId": key.key_id, "keyMaterialId": material.material_id}
            _report(store, "DeleteExpiredKeyMaterial", expired, key, details)


def forget_imported_material(key: Key, material: KeyMaterial) -> None:
    """Deleted or expired imported material: the key is unusable until it is reimported, and
    DescribeKey stops showing ExpirationModel and ValidTo [LS:2025-11-10]."""
    material.deleted = True
    material.secret = b""
    material.expiration_model = None
    material.valid_to = None
    if key.state != "PendingDeletion":
        key.set_state("PendingImport", key.creation_date)


def _depends_on_time(key: Key) -> bool:
    return (
        key.deletion_date is not None
        or key.related is not None
        or key.rotation_enabled
        or any(m.valid_to is not None for m in key.materials)
    )
