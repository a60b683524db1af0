"""The audit chains anchored outside the database (ISO/IEC 42001 7.5.3; issue #14, "The chain anchored outside
the database"): `forty2 audit anchor` signs every chain's head with an Ed25519 key kept in a file, writes it to
a file, a write-once directory, an S3 bucket with object lock or an e-mail, and `forty2 audit verify --anchor`
names any truncation or rewrite since. Runs on SQLite and, with DATABASE_URL, on PostgreSQL; tampering is raw SQL
as a DBA would do it."""

import json
import os
import stat

import pytest
from botocore.stub import ANY, Stubber
from django.core import mail

from forty2.core import anchor, audit
from forty2.core.models import AuditEvent, ChainHead
from forty2.inventory import services
from forty2.tenancy.models import Role

from .chain_tools import run, sql


@pytest.fixture(autouse=True)
def anchor_settings(settings, tmp_path):
    settings.FORTY2_ANCHOR_KEY_FILE = tmp_path / "keys" / "anchor_key.pem"
    settings.FORTY2_ANCHOR_SINK = f"dir:{tmp_path / 'anchors'}"
    return settings


@pytest.fixture
def history(member, acme, globex):
    owner = member(Role.OWNER)
    for i in range(8):
        services.create_ai_system(owner, {"name": f"System {i}", "purpose": "p"})
    services.create_ai_system(member(Role.OWNER, globex), {"name": "Globex system", "purpose": "p"})
    return owner


@pytest.fixture
def anchored(history, tmp_path):
    """An anchor file of the current state; then two more events in Acme."""
    path = tmp_path / "anchor.json"
    code, out, err = run("anchor", "-o", str(path))
    assert code == 0, err
    for i in range(2):
        services.create_ai_system(history, {"name": f"Later {i}", "purpose": "p"})
    return path


def acme_chain(acme):
    return audit.chain_for(acme)


def anchored_seq(path, chain):
    return next(c["seq"] for c in json.loads(path.read_text())["statement"]["chains"] if c["chain"] == chain)


def test_the_anchor_names_every_chain_head_and_verifies(anchored, acme, globex):
    document = json.loads(anchored.read_text())
    chains = {c["chain"]: c for c in document["statement"]["chains"]}
    assert set(chains) == {"installation", acme_chain(acme), audit.chain_for(globex)}
    entry = chains[acme_chain(acme)]
    assert (entry["label"], entry["organization_slug"], entry["organization_id"]) == ("acme", "acme", acme.pk)
    event = AuditEvent.objects.get(chain=acme_chain(acme), seq=entry["seq"])
    assert entry["hash"] == event.hash and entry["time"].startswith(str(event.created_at.year))
    code, out, err = run("verify", "--anchor", str(anchored))
    assert code == 0, err
    assert "3 chain(s) unchanged up to their anchored seq" in out
    assert out.strip().splitlines()[-1].startswith("OK: 3 chain(s)")


def test_finding_5_truncation_with_the_head_deleted_is_detected_by_the_anchor(anchored, acme):
    seq = anchored_seq(anchored, acme_chain(acme))
    sql("DELETE FROM core_auditevent WHERE chain = %s AND seq > %s", [acme_chain(acme), seq - 3])
    sql("DELETE FROM core_chainhead WHERE chain = %s", [acme_chain(acme)])
    code, _out, err = run("verify", "--anchor", str(anchored))
    assert code == 1
    assert (f"(acme, seq {seq}): truncated: the chain now ends at seq {seq - 3}, the anchor recorded seq {seq}"
            in err)


def test_truncation_with_a_rewritten_head_passes_plain_verify_but_not_the_anchor(anchored, acme):
    """The DBA who also sets the head to the new last event defeats the database alone; not the anchor."""
    seq = anchored_seq(anchored, acme_chain(acme))
    keep = AuditEvent.objects.get(chain=acme_chain(acme), seq=seq - 2)
    sql("DELETE FROM core_auditevent WHERE chain = %s AND seq > %s", [acme_chain(acme), keep.seq])
    sql("UPDATE core_chainhead SET seq = %s, hash = %s WHERE chain = %s", [keep.seq, keep.hash, acme_chain(acme)])
    assert run("verify")[0] == 0
    code, _out, err = run("verify", "--anchor", str(anchored))
    assert code == 1
    assert f"(acme, seq {seq}): truncated: the chain now ends at seq {keep.seq}" in err


def rehash_from(chain, seq, **changes):
    """Rewrite the event at ``seq`` and re-chain every later event and the head, as a DBA who read the code."""
    events = list(AuditEvent.objects.filter(chain=chain, seq__gte=seq).order_by("seq"))
    prev = events[0].prev_hash
    for i, event in enumerate(events):
        payload = json.loads(event.canonical)
        if i == 0:
            payload.update(changes)
        payload["prev_hash"] = prev
        canonical = audit.canonical_text(payload)
        digest = audit.compute_hash(prev, canonical)
        sql("UPDATE core_auditevent SET canonical = %s, prev_hash = %s, hash = %s, action = %s, object_repr = %s "
            "WHERE id = %s", [canonical, prev, digest, payload["action"], payload["object_repr"], event.pk])
        prev = digest
    sql("UPDATE core_chainhead SET hash = %s WHERE chain = %s", [prev, chain])


def test_a_rewritten_and_rehashed_chain_passes_plain_verify_but_not_the_anchor(anchored, acme):
    seq = anchored_seq(anchored, acme_chain(acme))
    rehash_from(acme_chain(acme), 4, object_repr="Something innocent")
    assert run("verify")[0] == 0
    code, _out, err = run("verify", "--anchor", str(anchored))
    assert code == 1
    assert f"(acme, seq {seq}): rewritten: the event at this seq no longer has the anchored hash" in err


def test_a_whole_chain_deleted_is_named_by_the_anchor_too(anchored, globex):
    chain = audit.chain_for(globex)
    seq = anchored_seq(anchored, chain)
    sql("DELETE FROM core_auditevent WHERE chain = %s", [chain])
    sql("DELETE FROM core_chainhead WHERE chain = %s", [chain])
    code, _out, err = run("verify", "--anchor", str(anchored))
    assert code == 1
    assert "broken (globex): the chain is missing" in err
    assert f"(globex, seq {seq}): truncated: the chain now ends at seq 0" in err


def test_org_option_checks_only_that_organisations_anchored_chain(anchored, acme, globex):
    sql("DELETE FROM core_auditevent WHERE chain = %s", [audit.chain_for(globex)])
    sql("DELETE FROM core_chainhead WHERE chain = %s", [audit.chain_for(globex)])
    code, out, err = run("verify", "--org", "acme", "--anchor", str(anchored))
    assert code == 0, err
    assert "1 chain(s) unchanged" in out


def test_an_edited_anchor_fails_its_signature(anchored, acme):
    document = json.loads(anchored.read_text())
    for entry in document["statement"]["chains"]:
        entry["seq"] = 1  # "the chain was this short when anchored"
    anchored.write_text(json.dumps(document))
    code, _out, err = run("verify", "--anchor", str(anchored))
    assert code == 1
    assert "not trusted: the anchor's signature does not match its content" in err


def test_an_anchor_signed_by_another_key_is_not_trusted(anchored, tmp_path, settings):
    code, out, _ = run("anchor-key")
    ours = [line for line in out.splitlines() if line.startswith("Public key fingerprint:")][0].split(": ")[1]
    public = tmp_path / "ours.pub"
    public.write_text(out[out.index("-----BEGIN PUBLIC KEY"):])
    settings.FORTY2_ANCHOR_KEY_FILE = tmp_path / "intruder.pem"
    forged = tmp_path / "forged.json"
    assert run("anchor", "-o", str(forged))[0] == 0
    code, _out, err = run("verify", "--anchor", str(forged), "--public-key", str(public))
    assert code == 1
    assert f"not by the trusted key {ours}" in err
    assert run("verify", "--anchor", str(anchored), "--public-key", str(public))[0] == 0


def test_anchor_key_is_created_once_with_mode_0600_and_never_printed(settings, caplog, db):
    caplog.set_level("DEBUG")
    code, out, err = run("anchor-key")
    path = settings.FORTY2_ANCHOR_KEY_FILE
    assert code == 0, err
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "(created" in out and "Public key fingerprint: SHA256:" in out
    private = path.read_text()
    body = "".join(private.strip().splitlines()[1:-1])
    code, again, _ = run("anchor-key")
    assert "(exists" in again and again.splitlines()[1] == out.splitlines()[1]
    assert path.read_text() == private
    run("anchor", "-o", "-")
    for text in (out, again, err, caplog.text):
        assert "PRIVATE KEY" not in text and body not in text


def test_anchor_output_is_never_overwritten(history, tmp_path):
    path = tmp_path / "a.json"
    path.write_text("keep me")
    code, _out, err = run("anchor", "-o", str(path))
    assert code == 2 and "already exists" in err
    assert path.read_text() == "keep me"


def test_bad_inputs_are_one_line_and_exit_2(history, tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    assert run("verify", "--anchor", str(junk))[0:3:2] == (2, "the anchor " + str(junk) + " is not JSON")
    junk.write_text('{"statement": {}}')
    assert "is not a Forty2 audit anchor" in run("verify", "--anchor", str(junk))[2]
    code, _out, err = run("verify", "--anchor", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read the anchor" in err
    code, _out, err = run("anchor", "--sink", "ftp:somewhere")
    assert code == 2 and "'ftp:somewhere' is not a sink" in err
    assert run("verify", "--public-key", str(junk))[0] == 2


def test_the_directory_sink_writes_read_only_files_and_never_overwrites(history, tmp_path):
    sink = tmp_path / "vault"
    for _ in range(2):
        code, out, err = run("anchor", "--sink", f"dir:{sink}")
        assert code == 0, err
    files = sorted(sink.iterdir())
    assert len(files) == 2 and all(f.name.startswith("anchor-") and f.name.endswith("Z.json") for f in files)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o444 for f in files)
    with pytest.raises(anchor.AnchorError, match="never overwritten"):
        anchor.DirSink(str(sink)).write(files[0].name, "forged")
    assert json.loads(files[0].read_text())["statement"]["format"] == anchor.FORMAT
    assert [p.name for p in sink.iterdir() if p.name.startswith(".")] == []


def test_the_s3_sink_puts_each_anchor_under_object_lock(history, settings):
    import boto3

    settings.FORTY2_ANCHOR_S3_LOCK_MODE = "COMPLIANCE"
    settings.FORTY2_ANCHOR_S3_RETAIN_DAYS = 400
    client = boto3.client("s3", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="y")
    sink = anchor.S3Sink("audit-vault", "forty2/anchors", client=client)
    document = anchor.sign(anchor.build_statement(), anchor.load_or_create_key()[0])
    name = anchor.file_name(document)
    with Stubber(client) as stub:
        stub.add_response("put_object", {"ETag": '"1"', "VersionId": "v1"}, {
            "Bucket": "audit-vault", "Key": f"forty2/anchors/{name}", "Body": anchor.dumps(document).encode(),
            "ContentType": "application/json", "IfNoneMatch": "*", "ObjectLockMode": "COMPLIANCE",
            "ObjectLockRetainUntilDate": ANY,
        })
        assert anchor.write(document, [sink]) == [f"s3://audit-vault/forty2/anchors/{name}"]
        stub.assert_no_pending_responses()
        stub.add_client_error("put_object", service_error_code="PreconditionFailed", http_status_code=412)
        with pytest.raises(anchor.AnchorError, match="PreconditionFailed"):
            anchor.write(document, [sink])


def test_the_s3_sink_sets_the_retention_date_from_the_settings(history, settings):
    import datetime as dt

    import boto3
    from django.utils import timezone

    settings.FORTY2_ANCHOR_S3_RETAIN_DAYS = 30
    client = boto3.client("s3", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="y")
    seen = {}
    client.meta.events.register("before-parameter-build.s3.PutObject", lambda params, **kw: seen.update(params))
    with Stubber(client) as stub:
        stub.add_response("put_object", {}, None)
        anchor.S3Sink("vault", client=client).write("anchor-x.json", "{}")
    retain = seen["ObjectLockRetainUntilDate"]
    assert dt.timedelta(days=29) < retain - timezone.now() <= dt.timedelta(days=30)
    assert seen["Key"] == "anchor-x.json"


def test_the_mail_sink_sends_the_signed_anchor(history, tmp_path):
    code, out, err = run("anchor", "--sink", "mail:auditor@example.org")
    assert code == 0, err
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["auditor@example.org"] and "audit anchor" in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/json" and name.startswith("anchor-")
    saved = tmp_path / name
    saved.write_text(content)
    assert run("verify", "--anchor", str(saved))[0] == 0


def test_anchoring_refuses_a_head_that_does_not_match_its_event(history, acme):
    sql("UPDATE core_chainhead SET hash = %s WHERE chain = %s", ["0" * 64, acme_chain(acme)])
    code, _out, err = run("anchor", "-o", "-")
    assert code == 1 and "the head of chain acme does not match its event" in err


def test_the_configured_sink_is_used_without_options(history, tmp_path):
    code, out, err = run("anchor")
    assert code == 0, err
    assert len(list((tmp_path / "anchors").iterdir())) == 1
    assert str(tmp_path / "anchors") in out


def test_the_periodic_anchor_logs_without_the_key(history, tmp_path, caplog, monkeypatch, settings):
    """The worker's hook: one anchor per run to the configured sink; a failing sink is one log line."""
    from forty2.tenancy import anchoring

    monkeypatch.setattr(anchoring.connections, "close_all", lambda: None)  # keep the test's transaction
    caplog.set_level("INFO", logger="forty2.audit")
    periodic = anchoring.PeriodicAnchor(3600)
    periodic.run_once()
    assert len(list((tmp_path / "anchors").iterdir())) == 1
    assert "Audit anchor written to" in caplog.text
    private = anchor.key_path().read_text()
    assert "".join(private.strip().splitlines()[1:-1]) not in caplog.text
    (tmp_path / "not-a-dir").write_text("")
    settings.FORTY2_ANCHOR_SINK = f"dir:{tmp_path / 'not-a-dir'}"
    periodic.run_once()
    assert "Writing the audit anchor failed: cannot write to dir:" in caplog.text


def test_the_periodic_anchor_is_off_at_zero(settings):
    from forty2.tenancy.anchoring import PeriodicAnchor

    settings.FORTY2_ANCHOR_EVERY_SECONDS = 0
    assert PeriodicAnchor.start_if_enabled() is None


def test_chain_heads_are_unchanged_by_anchoring(history):
    before = list(ChainHead.objects.values_list("chain", "seq", "hash"))
    run("anchor", "-o", "-")
    assert list(ChainHead.objects.values_list("chain", "seq", "hash")) == before


def test_verify_needs_a_trusted_key_and_never_trusts_the_anchors_own(anchored, settings, tmp_path):
    """The public key inside an anchor is whoever signed it; without a trusted key verify refuses (exit 2)."""
    settings.FORTY2_ANCHOR_KEY_FILE = tmp_path / "nowhere" / "anchor_key.pem"
    code, _out, err = run("verify", "--anchor", str(anchored))
    assert code == 2 and "no public key to check the anchor: pass --public-key FILE" in err
