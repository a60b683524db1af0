"""Back up and restore a whole installation: every table and every stored file (ISO/IEC 42001 7.5.3).

:func:`backup` reads one consistent snapshot while the server keeps running: on PostgreSQL a read-only
REPEATABLE READ transaction; on SQLite a copy made with SQLite's online backup API (WAL: writers are not held up),
read through a second connection. Rows stream to disk model by model (memory stays flat), then the stored files
the snapshot refers to, then the manifest (:mod:`.archive`).

:func:`restore` loads an archive into an EMPTY installation (migrated, with no user, organisation or stored file):
it verifies the archive, checks the schema matches, replaces the installation data ``migrate`` made, inserts every
row with its primary key and raw values (``auto_now`` is not re-applied), resets PostgreSQL's sequences and copies
the files back: all in one transaction, so a failure leaves the installation as it was (files written before the
failure are content-addressed and unreferenced; ``sweep_orphans`` removes them).
"""

import contextlib
import gzip
import io
import json
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import archive, tables
from .archive import BackupError

SNAPSHOT = "backup_snapshot"
BATCH = 2000


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("forty2")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations(alias=DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


@contextlib.contextmanager
def snapshot():
    """A database alias that reads one consistent state of the installation for as long as the block runs."""
    default = connections[DEFAULT_DB_ALIAS]
    if default.vendor == "sqlite":
        source = str(default.settings_dict["NAME"])
        fd, copy = tempfile.mkstemp(prefix="snapshot-", suffix=".sqlite3", dir=settings.DATA_DIR)
        os.close(fd)
        try:
            src, dst = sqlite3.connect(source), sqlite3.connect(copy)
            try:
                with dst:
                    src.backup(dst)  # one consistent copy; in WAL mode writers carry on meanwhile
            finally:
                src.close()
                dst.close()
            connections.settings[SNAPSHOT] = {**default.settings_dict, "NAME": copy}
            try:
                yield SNAPSHOT
            finally:
                connections[SNAPSHOT].close()
                del connections[SNAPSHOT]
                del connections.settings[SNAPSHOT]
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(copy + suffix).unlink(missing_ok=True)
        return
    connections.settings[SNAPSHOT] = dict(default.settings_dict)  # a connection of its own: a clean transaction
    try:
        with transaction.atomic(using=SNAPSHOT):
            with connections[SNAPSHOT].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield SNAPSHOT
    finally:
        connections[SNAPSHOT].close()
        del connections[SNAPSHOT]
        del connections.settings[SNAPSHOT]


def backup(target, *, progress=None) -> dict:
    """Write the installation to ``target`` (see :mod:`.archive`); returns the manifest."""
    from forty2.files.models import StoredFile
    from forty2.files.services import storage

    target = Path(target)
    if target.exists() and target.is_dir():
        raise BackupError(f"{target} is a directory; give a file name")
    say = progress or (lambda text: None)
    writer = archive.Writer(target)
    workdir = Path(tempfile.mkdtemp(prefix="backup-", dir=settings.DATA_DIR))
    try:
        with snapshot() as alias:
            models = []
            for number, model in enumerate(tables.backed_up_models(), start=1):
                label = model._meta.label_lower
                member = f"data/{number:04d}-{label}.jsonl.gz"
                rows = _dump_model(model, alias, workdir / "part.jsonl.gz")
                writer.add_path(member, workdir / "part.jsonl.gz", model=label, rows=rows)
                models.append(label)
                say(f"{label}: {rows} rows")
            files = 0
            store = storage()
            for stored in StoredFile.objects.using(alias).order_by("pk").iterator(chunk_size=BATCH):
                with store.open(stored.path, "rb") as handle:
                    writer.add_stream(f"files/{stored.path}", handle, stored.size, file_sha256=stored.sha256)
                files += 1
            say(f"{files} stored files")
            manifest = {
                "format": archive.FORMAT, "format_version": archive.FORMAT_VERSION,
                "forty2_version": _version(), "created_at": timezone.now().isoformat(),
                "vendor": connections[alias].vendor, "migrations": applied_migrations(alias),
                "models": models,
            }
        manifest = writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    finally:
        for leftover in workdir.iterdir():
            leftover.unlink()
        workdir.rmdir()
    return manifest


def _dump_model(model, alias, path) -> int:
    names = [f.attname for f in tables.columns(model)]
    rows = 0
    # mtime=0: the same rows give the same bytes, so a backup of a restored installation hashes alike
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=3) as packed, \
            io.TextIOWrapper(packed, encoding="utf-8") as out:
        out.write(json.dumps({"columns": names}) + "\n")
        query = model._base_manager.using(alias).order_by("pk").values_list(*names)
        for values in query.iterator(chunk_size=BATCH):
            out.write(json.dumps([tables.encode(v) for v in values], ensure_ascii=False, sort_keys=True) + "\n")
            rows += 1
    return rows


# -- restore ---------------------------------------------------------------------------------------------------

def installation_content() -> list[str]:
    """What makes this installation non-empty (people, organisations, stored files); empty list: empty."""
    from forty2.accounts.models import User
    from forty2.files.models import StoredFile
    from forty2.tenancy.models import Organization

    found = []
    for model, what in ((User, "user account"), (Organization, "organisation"), (StoredFile, "stored file")):
        n = model._base_manager.count()
        if n:
            found.append(f"{n} {what}{'s' if n != 1 else ''}")
    return found


def restore(source, *, progress=None) -> dict:
    """Load the archive ``source`` into this empty installation; returns the manifest."""
    from forty2.files.services import storage

    say = progress or (lambda text: None)
    checked = archive.verify(source)
    if not checked.ok:
        raise BackupError("the backup does not verify:\n  " + "\n  ".join(checked.problems))
    manifest = checked.manifest
    present = installation_content()
    if present:
        raise BackupError("restore needs an empty installation (run `forty2 migrate` on a new data directory or "
                          f"database); this one already holds {', '.join(present)}")
    ours, theirs = set(applied_migrations()), set(manifest["migrations"])
    if ours != theirs:
        newer, older = sorted(theirs - ours), sorted(ours - theirs)
        detail = (f"the backup has migrations this installation lacks ({', '.join(newer[:5])}): upgrade Forty2 "
                  "and run `forty2 migrate` first") if newer else \
            f"this installation has migrations the backup lacks ({', '.join(older[:5])}): restore with the " \
            "Forty2 version that made the backup, then upgrade"
        raise BackupError(f"schema mismatch: {detail}")
    models = {m._meta.label_lower: m for m in tables.backed_up_models()}
    unknown = [label for label in manifest["models"] if label not in models]
    if unknown:
        raise BackupError(f"the backup holds tables this installation does not know: {', '.join(unknown)}")
    with transaction.atomic(), _raw_dates(models.values()), tarfile.open(source, "r:") as tar:
        for model in reversed(list(models.values())):  # what migrate made (content types, catalog...) goes
            model._base_manager.all()._raw_delete(model._base_manager.db)
        for name, entry in manifest["members"].items():
            if "model" in entry:
                _load_model(models[entry["model"]], tar.extractfile(name))
                say(f"{entry['model']}: {entry['rows']} rows")
        _reset_sequences(models.values())
        store, files = storage(), 0
        for name in manifest["members"]:
            if name.startswith("files/"):
                path = name.removeprefix("files/")
                if not store.exists(path):
                    store.save(path, tar.extractfile(name))
                files += 1
        say(f"{files} stored files")
    return manifest


@contextlib.contextmanager
def _raw_dates(models):
    """Keep saved timestamps as they are: ``auto_now`` / ``auto_now_add`` would stamp every row with today."""
    touched = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                touched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in touched:
            f.auto_now, f.auto_now_add = now, now_add


def _load_model(model, handle) -> None:
    fields = {f.attname: f for f in tables.columns(model)}
    with gzip.open(handle, "rt", encoding="utf-8") as rows:
        header = json.loads(next(rows))["columns"]
        missing = [name for name in header if name not in fields]
        if missing:
            raise BackupError(f"{model._meta.label}: columns {', '.join(missing)} are not in this installation")
        batch = []
        for line in rows:
            values = zip(header, json.loads(line), strict=True)
            batch.append(model(**{name: tables.decode(fields[name], value) for name, value in values}))
            if len(batch) >= BATCH:
                model._base_manager.bulk_create(batch)
                batch = []
        if batch:
            model._base_manager.bulk_create(batch)


def _reset_sequences(models) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
