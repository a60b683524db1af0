"""Anchor the audit chains outside the database (ISO/IEC 42001 7.5.3; docs/architecture.md, "Audit chain").

A DBA can delete the newest events of a chain and rewrite its ``ChainHead`` so that ``forty2 audit verify``
sees an intact, shorter chain. An *anchor* is a statement of every chain's head (chain, seq, hash, time) signed
with an Ed25519 key that is kept in a file, never in the database, and written where the DBA cannot rewrite it
(a write-once directory, an S3 bucket with object lock, an e-mail). Compared later with the database, it shows
any truncation (the chain is now shorter than the anchored seq) or rewrite (the event at the anchored seq no
longer has the anchored hash) since it was made.

Security requirements served: the private key is never logged, printed or stored in the database; it is
created with mode 0600 and only its public fingerprint is shown; anchor files are never overwritten.
``core`` knows chains by id only: the caller passes the organisations' names (``labels``) and ids.
"""

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .extras import s3_missing
from .models import AuditEvent, ChainHead

logger = logging.getLogger("forty2.audit")

FORMAT = "forty2-audit-anchor/1"


class AnchorError(Exception):
    """A one-line problem with a key, an anchor file or a sink; never contains key material."""


class HeadMismatch(AnchorError):
    """A chain's head does not name its own last event: a failed check, not bad input."""


# --- Keys ------------------------------------------------------------------------------------------------------

def key_path() -> Path:
    return Path(settings.FORTY2_ANCHOR_KEY_FILE)


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """``SHA256:<base64>`` of the raw 32-byte public key (the form ``ssh-keygen -l`` prints)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _read_private(path: Path) -> Ed25519PrivateKey:
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise AnchorError(f"cannot read the anchor key {path}: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        logger.warning("The anchor key %s can be read by others (mode %o); chmod 600 it.", path, mode & 0o777)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise AnchorError(f"the anchor key {path} is not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AnchorError(f"the anchor key {path} is not an Ed25519 key")
    return key


def load_or_create_key(path: Path | None = None, *, create: bool = True) -> tuple[Ed25519PrivateKey, bool]:
    """``(private key, created)``. A missing key is generated (when ``create``) into a new file of mode 0600,
    created exclusively so two workers starting together end with one key."""
    path = Path(path or key_path())
    if path.exists() or not create:
        return _read_private(path), False
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_private(path), False
    except OSError as exc:
        raise AnchorError(f"cannot create the anchor key {path}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    logger.info("Created the audit anchor key %s (public key %s).", path, fingerprint(key.public_key()))
    return key, True


def load_public_key(path) -> Ed25519PublicKey:
    """A PEM public key, or the public half of a PEM private key file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AnchorError(f"cannot read the public key {path}: {exc.strerror}") from None
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        key = _read_private(path).public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise AnchorError(f"the public key {path} is not an Ed25519 key")
    return key


# --- Statements ------------------------------------------------------------------------------------------------

def _canonical(statement: dict) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def build_statement(labels: dict[str, str] | None = None, org_ids: dict[str, int] | None = None) -> dict:
    """Every chain's head as recorded now: ``chain``, ``label`` (organisation slug or "installation"),
    ``organization_id``, ``seq``, ``hash`` and ``time`` (of the head event). A head that does not name its own
    last event is refused: anchoring it would certify tampering (run ``forty2 audit verify``)."""
    labels, org_ids = labels or {}, org_ids or {}
    chains = []
    for head in ChainHead.objects.order_by("chain"):
        event = AuditEvent.objects.filter(chain=head.chain, seq=head.seq).only("hash", "created_at").first()
        label = labels.get(head.chain, head.chain)
        if event is None or event.hash != head.hash:
            raise HeadMismatch(f"the head of chain {label} does not match its event at seq {head.seq}; "
                              "run forty2 audit verify")
        chains.append({
            "chain": head.chain, "label": label, "organization_id": org_ids.get(head.chain),
            "organization_slug": label if head.chain in org_ids else None,
            "seq": head.seq, "hash": head.hash, "time": event.created_at.astimezone(dt.UTC).isoformat(),
        })
    return {"format": FORMAT, "created_at": timezone.now().astimezone(dt.UTC).isoformat(),
            "site": settings.SITE_URL, "chains": chains}


def sign(statement: dict, key: Ed25519PrivateKey) -> dict:
    """The anchor document: the statement, its Ed25519 signature over the canonical (sorted-key) JSON, and the
    public key and fingerprint that made it (for reading; verification uses a key the verifier trusts)."""
    public = key.public_key()
    return {
        "statement": statement,
        "signature": base64.b64encode(key.sign(_canonical(statement))).decode(),
        "key_fingerprint": fingerprint(public),
        "public_key": base64.b64encode(
            public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode(),
    }


def dumps(document: dict) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def file_name(document: dict) -> str:
    """``anchor-20261207T090000123456Z.json``: sinks name files by the statement's time."""
    created = dt.datetime.fromisoformat(document["statement"]["created_at"])
    return f"anchor-{created.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}.json"


def read_document(path) -> dict:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnchorError(f"cannot read the anchor {path}: {exc.strerror}") from None
    except ValueError:
        raise AnchorError(f"the anchor {path} is not JSON") from None
    statement = document.get("statement") if isinstance(document, dict) else None
    if not isinstance(statement, dict) or statement.get("format") != FORMAT \
            or not isinstance(statement.get("chains"), list) or not isinstance(document.get("signature"), str):
        raise AnchorError(f"the anchor {path} is not a Forty2 audit anchor ({FORMAT})")
    for entry in statement["chains"]:
        if not (isinstance(entry, dict) and isinstance(entry.get("chain"), str) and isinstance(entry.get("hash"), str)
                and isinstance(entry.get("seq"), int) and not isinstance(entry.get("seq"), bool)):
            raise AnchorError(f"the anchor {path} has a malformed chain entry")
    return document


def check_signature(document: dict, public_key: Ed25519PublicKey) -> str:
    """An empty string when ``public_key`` signed the statement, else the reason it did not."""
    expected = fingerprint(public_key)
    try:
        signature = base64.b64decode(document["signature"], validate=True)
        public_key.verify(signature, _canonical(document["statement"]))
    except (InvalidSignature, ValueError):
        named = document.get("key_fingerprint")
        if isinstance(named, str) and named != expected:
            return f"the anchor was signed by key {named}, not by the trusted key {expected}"
        return f"the anchor's signature does not match its content for key {expected} (anchor altered)"
    return ""


@dataclass
class AnchorFinding:
    chain: str
    label: str
    seq: int
    reason: str

    def line(self, anchored_at: str) -> str:
        return f"broken since the anchor of {anchored_at} ({self.label}, seq {self.seq}): {self.reason}"


def compare(document: dict, labels: dict[str, str] | None = None, chains=None) -> tuple[list[AnchorFinding], int]:
    """``(findings, chains checked)``: for each anchored chain (only ``chains`` when given), the event at the
    anchored seq must still exist with the anchored hash. A chain now shorter is *truncated*; another hash
    at that seq means the chain was *rewritten* from there or before."""
    labels = labels or {}
    findings, checked = [], 0
    for entry in document["statement"]["chains"]:
        chain, seq = entry["chain"], entry["seq"]
        if chains is not None and chain not in chains:
            continue
        checked += 1
        label = labels.get(chain) or entry.get("label") or chain
        event = AuditEvent.objects.filter(chain=chain, seq=seq).only("hash").first()
        if event is None:
            last = AuditEvent.objects.filter(chain=chain).aggregate(last=Max("seq"))["last"] or 0
            findings.append(AnchorFinding(chain, label, seq, f"truncated: the chain now ends at seq {last}, "
                                                             f"the anchor recorded seq {seq}"))
        elif event.hash != entry["hash"]:
            findings.append(AnchorFinding(chain, label, seq, "rewritten: the event at this seq no longer has "
                                                             "the anchored hash"))
    return findings, checked


# --- Sinks -----------------------------------------------------------------------------------------------------

class DirSink:
    """Write-once files in a directory: written under a temporary name, then hard-linked to the final name
    (which fails rather than replace an existing file) and made read-only."""

    def __init__(self, path: str):
        self.path = Path(path)

    def __str__(self):
        return f"dir:{self.path}"

    def write(self, name: str, text: str) -> str:
        try:
            self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
            target = self.path / name
            temporary = self.path / f".{name}.{uuid.uuid4().hex}.tmp"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise AnchorError(f"{target} already exists; anchors are never overwritten") from None
            finally:
                temporary.unlink()
            os.chmod(target, 0o444)
        except OSError as exc:
            raise AnchorError(f"cannot write to {self}: {exc.strerror}") from None
        return str(target)


class S3Sink:
    """An S3 bucket with object lock: each anchor is a new object put with ``ObjectLockMode`` and
    ``ObjectLockRetainUntilDate`` (FORTY2_ANCHOR_S3_LOCK_MODE, FORTY2_ANCHOR_S3_RETAIN_DAYS) and
    ``If-None-Match: *``, so it can be neither overwritten nor deleted before the date, even by its writer in
    COMPLIANCE mode. The bucket must have been created with object lock enabled."""

    def __init__(self, bucket: str, prefix: str = "", client=None):
        self.bucket, self.prefix, self._client = bucket, prefix.strip("/"), client

    def __str__(self):
        return f"s3:{self.bucket}/{self.prefix}" if self.prefix else f"s3:{self.bucket}"

    def client(self):
        if self._client is None:
            import boto3

            options = {k: v for k, v in settings.FORTY2_ANCHOR_S3.items() if v}
            self._client = boto3.client("s3", **options)
        return self._client

    def write(self, name: str, text: str) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        key = f"{self.prefix}/{name}" if self.prefix else name
        retain_until = timezone.now() + dt.timedelta(days=settings.FORTY2_ANCHOR_S3_RETAIN_DAYS)
        try:
            self.client().put_object(
                Bucket=self.bucket, Key=key, Body=text.encode(), ContentType="application/json",
                IfNoneMatch="*", ObjectLockMode=settings.FORTY2_ANCHOR_S3_LOCK_MODE,
                ObjectLockRetainUntilDate=retain_until,
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "error")
            raise AnchorError(f"cannot write to {self}: {code}") from None
        except BotoCoreError as exc:
            raise AnchorError(f"cannot write to {self}: {type(exc).__name__}") from None
        return f"s3://{self.bucket}/{key}"


class MailSink:
    """An e-mail to an address outside the installation (an auditor's mailbox), the anchor attached."""

    def __init__(self, address: str):
        self.address = address

    def __str__(self):
        return f"mail:{self.address}"

    def write(self, name: str, text: str) -> str:
        from django.core.mail import EmailMessage

        statement = json.loads(text)["statement"]
        body = (f"The signed state of {len(statement['chains'])} audit chain(s) of {statement['site']} at "
                f"{statement['created_at']} is attached.\nKeep it: `forty2 audit verify --anchor {name}` shows any "
                "removal or rewrite of the audit log since then.\n")
        message = EmailMessage(subject=f"Forty2 audit anchor {statement['created_at']}", body=body,
                               to=[self.address])
        message.attach(name, text, "application/json")
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # SMTP, DNS or socket errors: one line, no credentials
            raise AnchorError(f"cannot send to {self}: {type(exc).__name__}") from None
        return f"mail:{self.address}"


def parse_sinks(spec: str) -> list:
    """``dir:PATH,s3:BUCKET/PREFIX,mail:ADDRESS`` -> sinks; a clear error naming a bad entry."""
    sinks = []
    for item in (part.strip() for part in (spec or "").split(",")):
        if not item:
            continue
        kind, _, target = item.partition(":")
        if kind == "dir" and target:
            sinks.append(DirSink(target))
        elif kind == "s3" and target and not target.startswith("/"):
            if missing := s3_missing(f"the anchor sink '{item}'"):
                raise AnchorError(missing)
            bucket, _, prefix = target.partition("/")
            sinks.append(S3Sink(bucket, prefix))
        elif kind == "mail" and "@" in target:
            sinks.append(MailSink(target))
        else:
            raise AnchorError(f"'{item}' is not a sink; use dir:PATH, s3:BUCKET/PREFIX or mail:ADDRESS")
    return sinks


def write(document: dict, sinks) -> list[str]:
    """Write the anchor to every sink; the locations written. Stops at the first sink that fails."""
    name, text = file_name(document), dumps(document)
    return [sink.write(name, text) for sink in sinks]
