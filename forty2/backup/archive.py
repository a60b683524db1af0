"""The backup archive: an uncompressed tar whose members are checked against a manifest (ISO/IEC 42001 7.5.3).

Layout, in this order::

    data/0001-accounts.user.jsonl.gz     one gzip'd JSON Lines member per model, rows in primary-key order
    ...
    files/org-3/ab/ab12…                 every stored file the snapshot refers to, named as in storage
    manifest.json                        format, versions, applied migrations, and per member: size, SHA-256, rows
    manifest.sha256                      the SHA-256 of manifest.json: always the LAST member

An archive is complete only when its last member is ``manifest.sha256`` and it matches ``manifest.json``;
:func:`verify` then re-hashes every member and refuses anything missing, extra or altered, naming the member.
The writer works on ``FILE.partial`` and renames it only after the manifest is written and synced, so a backup
killed half-way never leaves a file at ``FILE`` (and the ``.partial`` it leaves has no manifest).
"""

import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "forty2-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_HASH = "manifest.sha256"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be trusted or used; the message names what is wrong."""


def sha256_file(path, chunk=CHUNK) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class Writer:
    """Appends members to ``target.partial`` and records each one's size and SHA-256 for the manifest."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.partial = self.target.with_name(self.target.name + ".partial")
        self.members: dict[str, dict] = {}
        self._tar = tarfile.open(self.partial, "w", format=tarfile.PAX_FORMAT)

    def add_path(self, name: str, path: Path, **extra) -> dict:
        """Add a file from disk as member ``name`` (hashed while it is read, never held in memory)."""
        size = os.path.getsize(path)
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, 0
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            self._tar.addfile(info, _HashingReader(handle, digest))
        entry = {"size": size, "sha256": digest.hexdigest(), **extra}
        self.members[name] = entry
        return entry

    def add_stream(self, name: str, handle, size: int, **extra) -> dict:
        """Add ``size`` bytes read from ``handle`` (a stored file opened from storage)."""
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, 0
        digest = hashlib.sha256()
        self._tar.addfile(info, _HashingReader(handle, digest))
        entry = {"size": size, "sha256": digest.hexdigest(), **extra}
        self.members[name] = entry
        return entry

    def _add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = len(data), 0o600, 0
        self._tar.addfile(info, io.BytesIO(data))

    def finish(self, manifest: dict) -> dict:
        """Write the manifest and its hash last, sync, then move the archive into place; returns the manifest."""
        manifest = {**manifest, "members": self.members}
        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        self._add_bytes(MANIFEST, data)
        self._add_bytes(MANIFEST_HASH, (hashlib.sha256(data).hexdigest() + "\n").encode())
        self._tar.close()
        with open(self.partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.partial, self.target)
        return manifest

    def abort(self) -> None:
        self._tar.close()
        self.partial.unlink(missing_ok=True)


class _HashingReader:
    """A file-like ``read`` that feeds a digest as tarfile copies the bytes."""

    def __init__(self, handle, digest):
        self.handle, self.digest = handle, digest

    def read(self, size=-1):
        block = self.handle.read(size)
        self.digest.update(block)
        return block


@dataclass
class Verified:
    manifest: dict
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_manifest(path) -> dict:
    """The archive's manifest once its own hash matches; :class:`BackupError` naming the problem otherwise."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with tarfile.open(path, "r:") as tar:
            names = tar.getnames()
            if not names or names[-1] != MANIFEST_HASH or MANIFEST not in names:
                raise BackupError(f"{path}: incomplete backup (no manifest at its end: it was interrupted or cut)")
            data = tar.extractfile(MANIFEST).read()
            expected = tar.extractfile(MANIFEST_HASH).read().decode().strip()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path}: incomplete or damaged backup, not a readable archive ({exc}): it was "
                          "interrupted or cut") from exc
    if hashlib.sha256(data).hexdigest() != expected:
        raise BackupError(f"{path}: {MANIFEST} does not match {MANIFEST_HASH} (the manifest was altered)")
    manifest = json.loads(data)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Forty2 backup (format {manifest.get('format')!r})")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path}: backup format version {manifest.get('format_version')} is not supported "
                          f"(this Forty2 reads version {FORMAT_VERSION})")
    return manifest


def verify(path) -> Verified:
    """Re-hash every member against the manifest; each problem names the member."""
    manifest = read_manifest(path)
    result = Verified(manifest)
    expected = dict(manifest["members"])
    with tarfile.open(path, "r:") as tar:
        for info in tar:
            if info.name in (MANIFEST, MANIFEST_HASH):
                continue
            entry = expected.pop(info.name, None)
            if entry is None:
                result.problems.append(f"{info.name}: not listed in the manifest")
                continue
            digest = hashlib.sha256()
            handle = tar.extractfile(info)
            while block := handle.read(CHUNK):
                digest.update(block)
            if digest.hexdigest() != entry["sha256"] or info.size != entry["size"]:
                result.problems.append(f"{info.name}: content does not match the manifest (SHA-256 differs)")
    result.problems += [f"{name}: listed in the manifest but missing" for name in sorted(expected)]
    return result
