"""Store, read back and delete files (ISO/IEC 42001 7.5.3 control of documented information).

Every write goes through Django's storage API (``storages["default"]``), so the same code stores on the local
file system or in an S3-compatible bucket. Files are content-addressed by SHA-256 within their organisation:
uploading the same bytes twice gives the same :class:`~forty2.files.models.StoredFile`.
"""

import datetime as dt
import hashlib
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone

from forty2.core.errors import InvalidInput, field_error
from forty2.tenancy.models import Membership, Organization

from .models import StoredFile

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
#: uploads larger than this are spooled to a temporary file instead of memory while they are hashed
SPOOL_BYTES = 5 * 1024 * 1024


def storage():
    """The storage files live in: ``STORAGES["default"]`` (file system or S3, see ``forty2/settings.py``)."""
    return storages["default"]


def _owner(membership_or_org) -> tuple[Organization, object]:
    if isinstance(membership_or_org, Membership):
        return membership_or_org.organization, membership_or_org.user
    if isinstance(membership_or_org, Organization):
        return membership_or_org, None
    raise TypeError("store() needs a Membership or an Organization")


def _too_large(limit: int) -> InvalidInput:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return InvalidInput([field_error("file", f"The file is larger than {size}.", "file_too_large", "file")])


def store(membership_or_org, fileobj, name: str = "", *, content_type: str = "", max_bytes: int | None = None,
          created_by=None) -> StoredFile:
    """Store the bytes of ``fileobj`` for the organisation and return their :class:`StoredFile`.

    ``max_bytes`` (default ``FORTY2_MAX_UPLOAD_BYTES``) refuses a larger file with InvalidInput before anything is
    written. The same content stored again returns the existing row (its first name is kept). Call it inside the
    transaction that also records what the file is for, so that a concurrent :func:`delete_if_unreferenced` sees
    the new reference.
    """
    org, user = _owner(membership_or_org)
    created_by = created_by or user
    limit = max_bytes if max_bytes is not None else settings.FORTY2_MAX_UPLOAD_BYTES
    digest, size = hashlib.sha256(), 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        while True:
            chunk = fileobj.read(CHUNK)
            if not chunk:
                break
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            digest.update(chunk)
            spool.write(chunk)
        sha = digest.hexdigest()
        for _attempt in range(2):  # a second try only when another transaction stored the same bytes meanwhile
            try:
                with transaction.atomic():
                    stored = (StoredFile.objects.for_org(org).select_for_update().filter(sha256=sha).first()
                              or StoredFile.objects.create(organization=org, sha256=sha, size=size,
                                                           content_type=(content_type or "")[:200],
                                                           original_name=(name or "")[:255], created_by=created_by))
                    _write(stored, spool)
                return stored
            except IntegrityError:
                continue
    raise InvalidInput([field_error("file", "The file could not be stored; try again.", "storage", "file")])


def _write(stored: StoredFile, spool) -> None:
    """Write the bytes under their content address unless they are already there (same name, same bytes)."""
    backend = storage()
    if backend.exists(stored.path):
        return
    spool.seek(0)
    saved = backend.save(stored.path, File(spool, name=stored.sha256))
    if saved != stored.path:  # a storage that renamed the file would break content addressing
        backend.delete(saved)
        raise RuntimeError(f"storage saved {stored.path!r} as {saved!r}")


def open_file(stored: StoredFile):
    """The stored bytes as a binary file object (close it after use)."""
    return storage().open(stored.path, "rb")


def read_file(stored: StoredFile) -> bytes:
    with open_file(stored) as handle:
        return handle.read()


def is_referenced(stored: StoredFile) -> bool:
    """Whether any record still points at the file (every foreign key to StoredFile, whatever its app)."""
    for relation in StoredFile._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete:  # the reverse side of a foreign key or many-to-many
            if relation.related_model._base_manager.filter(**{relation.field.name: stored}).exists():
                return True
    return False


def delete_if_unreferenced(stored: StoredFile | None) -> bool:
    """Delete the file and its bytes when no record points at it any more; True if it was deleted.

    The row is locked first, so a transaction that is storing the same content waits and then creates it anew.
    The bytes are removed after the commit (a rollback keeps them).
    """
    if stored is None:
        return False
    with transaction.atomic():
        locked = StoredFile.objects.select_for_update().filter(pk=stored.pk).first()
        if locked is None or is_referenced(locked):
            return False
        path = locked.path
        locked.delete()
        transaction.on_commit(lambda: _delete_bytes(path))
    return True


def _delete_bytes(path: str) -> None:
    try:
        storage().delete(path)
    except Exception:  # the row is gone; a leftover blob is harmless and logged
        logger.exception("Could not delete stored file %s", path)


def sweep_orphans(min_age: float | None = None) -> int:
    """Remove what an interrupted upload left behind (issue #14: SIGKILL in the middle of an evidence upload):
    stored files no record points at, and bytes in storage without their :class:`StoredFile` row (written just
    before a transaction that never committed). Only what is older than ``min_age`` seconds (default
    ``FORTY2_ORPHAN_FILE_AGE``) is touched, so an upload still in its transaction is left alone. Such leftovers
    are never listed or counted anywhere (lists read the records, not the storage). Returns how many were removed.
    The job worker runs it periodically (:func:`forty2.jobs.services.sweep`)."""
    min_age = settings.FORTY2_ORPHAN_FILE_AGE if min_age is None else min_age
    cutoff = timezone.now() - dt.timedelta(seconds=max(min_age, 0))
    removed = 0
    for stored in StoredFile.objects.filter(created_at__lt=cutoff).iterator():
        if not is_referenced(stored) and delete_if_unreferenced(stored):
            removed += 1
    backend = storage()
    known = {f"org-{o}/{s[:2]}/{s}" for o, s in StoredFile.objects.values_list("organization_id", "sha256")}
    try:
        orgs, _files = backend.listdir("")
    except (FileNotFoundError, NotImplementedError):
        return removed
    for org_dir in orgs:
        if not org_dir.startswith("org-"):
            continue
        prefixes, _files = backend.listdir(org_dir)
        for prefix in prefixes:
            _dirs, names = backend.listdir(f"{org_dir}/{prefix}")
            for name in names:
                path = f"{org_dir}/{prefix}/{name}"
                if path in known:
                    continue
                try:
                    if backend.get_modified_time(path) >= cutoff:
                        continue
                except (NotImplementedError, OSError):
                    continue
                org_id = int(org_dir[4:]) if org_dir[4:].isdigit() else -1
                if not StoredFile.objects.filter(organization_id=org_id, sha256=name).exists():  # stored meanwhile
                    _delete_bytes(path)
                    removed += 1
    return removed
