"""Every PATCH of the live OpenAPI document keeps the version rule (issue #15, "What to build" 6): no ``version``
(nor If-Match) is a 422 naming it; a stale version is merged when none of the fields sent changed since that
version (the audit history holds what changed), and a real conflict — a field sent that someone else changed
since, to another value — is a 409 with the current version and the saved values (ISO/IEC 42001 7.5.3 control of
documented information: nobody's change is silently lost; ASVS 5.0 V2.3 business logic: concurrent edits).

The operations come from the OpenAPI document and their path parameters from real records
(tests/security/targets.py), so a new PATCH is covered without editing this test; one it cannot exercise fails
with a message saying why, it is never skipped.
"""

import pytest
from django.db import transaction
from django.test import Client

from tests.security import targets
from tests.security.world import keep_world_files, world_fixture  # noqa: F401 (fixtures)

#: PATCH operations outside the version rule, with the reason; each must still exist and take no ``version``
EXEMPT: dict[str, str] = {}
#: text that the API refuses or treats specially in a free-text field of that name
NOT_FREE_TEXT = ("ref", "requirement_ref", "url", "email")  # an e-mail address or a clause number is not free text


class Unhandled(Exception):
    """The test cannot exercise this operation: it fails, naming the operation and why."""


def _resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    options = [_resolve(doc, s) for s in schema.get("anyOf", [])]
    options = [s for s in options if s.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def body_schema(doc, op) -> dict:
    content = op.spec.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        raise Unhandled("it takes no JSON body")
    return _resolve(doc, content["application/json"]["schema"])


def fields_to_change(doc, schema) -> list[tuple[str, dict]]:
    """The fields a member can set to a value of its own choosing: free text first, then choices, then yes/no
    switches, dates last (only where fewer fields are free). People (e-mail of a member), links and URLs are left
    alone: their values need records or rules."""
    text, choices, switches, dates = [], [], [], []
    for name, raw in schema.get("properties", {}).items():
        prop = _resolve(doc, raw)
        if name == "version" or name in NOT_FREE_TEXT or name.endswith(("_url", "_owner")) or name == "owner":
            continue
        # a person field, whatever its name (its description is on the nullable wrapper)
        if "e-mail" in (raw.get("description") or prop.get("description") or "").lower():
            continue
        if len(prop.get("enum", [])) >= 2:
            choices.append((name, prop))
        elif prop.get("type") == "string" and "format" not in prop and prop.get("maxLength", 1000) >= 40:
            text.append((name, prop))
        elif prop.get("type") == "boolean":
            switches.append((name, prop))
        elif prop.get("type") == "string" and prop.get("format") == "date":
            dates.append((name, prop))
    return text + choices + switches + dates


def value_for(name: str, prop: dict, avoid: list, label: str):
    """A value of ``prop`` different from every value in ``avoid``."""
    if prop.get("format") == "date":  # early dates, before any end date a record may have
        return next(d for d in ("2001-01-01", "2001-01-02", "2001-01-03") if d not in avoid)
    if "enum" in prop or prop.get("type") == "boolean":
        for option in prop.get("enum", (True, False)):
            if option not in avoid:
                return option
        raise Unhandled(f"no choice of {name!r} left besides {avoid}")
    return f"{label} ({name})"


def read(client, path) -> dict:
    """The record at ``path``: its own GET, or its entry in the record above it (a treatment action in its
    risk, an impact in its assessment)."""
    r = client.get(path)
    if r.status_code == 200 and "version" in r.json():
        return r.json()
    parent, _, pk = path.rstrip("/").rpartition("/")
    parent = parent.rpartition("/")[0]
    r = client.get(parent)
    if r.status_code == 200:
        for value in r.json().values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and str(item.get("id")) == pk and "version" in item:
                        return item
    raise Unhandled(f"no GET answers with its version (tried {path} and {parent})")


def names_version(answer) -> bool:
    return any(e.get("loc", [])[-1:] == ["version"] for e in answer.json().get("detail", []))


def refused_field(answer, name) -> bool:
    """A 422 saying this record does not take ``name`` (an Annex A control's published title)."""
    return answer.status_code == 422 and any(
        e.get("loc", [])[-1:] == [name] for e in answer.json().get("detail", []))


def check(op, doc, path, me, other) -> None:
    candidates = fields_to_change(doc, body_schema(doc, op))
    record = read(me, path)
    v = record["version"]

    # (1) no version, no If-Match: 422 naming version, nothing changed
    name, prop = candidates[0]
    r = me.patch(path, {name: value_for(name, prop, [record.get(name)], "No version")},
                 content_type="application/json")
    if r.status_code != 422 or not names_version(r):
        raise Unhandled(f"without a version answered {r.status_code} {r.content[:200]!r}, not a 422 naming version")
    if read(me, path)["version"] != v:
        raise Unhandled("a PATCH without a version changed the record")

    # (2, first half) another member changes field A on version v; a field this record refuses is passed over
    while True:
        if len(candidates) < 2:
            raise Unhandled("its request schema has fewer than two free-text or choice fields the record takes")
        (a, a_prop), (b, b_prop) = candidates[:2]
        theirs = value_for(a, a_prop, [record.get(a)], "Their change")
        r = other.patch(path, {a: theirs, "version": v}, content_type="application/json")
        if not refused_field(r, a):
            break
        candidates.pop(0)
    if r.status_code != 200:
        raise Unhandled(f"the other member's change of {a!r} answered {r.status_code} {r.content[:300]!r}")


    # (2) my change of field B on the same, now stale, version v merges: both changes are kept
    mine = value_for(b, b_prop, [record.get(b)], "My change")
    r = me.patch(path, {b: mine, "version": v}, content_type="application/json")
    if r.status_code != 200:
        raise Unhandled(f"{b!r} on stale version {v}, after another member changed only {a!r}, answered "
                        f"{r.status_code} {r.content[:300]!r} instead of merging")
    now = read(me, path)
    if now.get(a) != theirs or now.get(b) != mine:
        raise Unhandled(f"the merge kept {a!r}={now.get(a)!r} (theirs {theirs!r}), {b!r}={now.get(b)!r} "
                        f"(mine {mine!r})")

    # (3) my change of A on version v is a real conflict: 409 with the current version and the saved value (a
    # switch has two values: sending back the one they changed is my change of it, as every field sent is)
    avoid = [theirs] if a_prop.get("type") == "boolean" else [record.get(a), theirs]
    conflicting = value_for(a, a_prop, avoid, "My conflicting change")
    r = me.patch(path, {a: conflicting, "version": v}, content_type="application/json")
    body = r.json() if r.status_code == 409 else {}
    if r.status_code != 409 or body.get("current_version") != now["version"] or body.get("fields", {}).get(a) != theirs:
        raise Unhandled(f"{a!r} on stale version {v}, changed since by another member, answered {r.status_code} "
                        f"{r.content[:300]!r} instead of 409 naming the saved value")
    if read(me, path).get(a) != theirs:
        raise Unhandled(f"the refused change overwrote {a!r}")


def _client(subject) -> Client:
    return Client(raise_request_exception=False, headers={"Authorization": f"Bearer {subject.token}"})


def _two_owners_with_totp(world) -> None:
    """The organisation's settings are owners' only, and an owner turns a two-factor requirement on only with
    two-factor authentication of their own: the other member is made an owner and both get an authenticator
    (rolled back with the operation)."""
    from allauth.mfa.models import Authenticator

    from forty2.tenancy.models import Membership, Role

    me, other = world.subjects["owner"].membership, world.subjects["aims_manager"].membership
    Membership.objects.filter(pk=other.pk).update(role=Role.OWNER)
    for membership in (me, other):
        Authenticator.objects.get_or_create(user=membership.user, type=Authenticator.Type.TOTP,
                                            defaults={"data": {"secret": "x"}})


#: what an operation needs before two members can both change it, with why (run inside its rolled-back block)
def _audit_in_progress(world):
    """Results are recorded while an audit runs: reopen the first audit for the checklist item's PATCH."""
    from forty2.audits.models import Audit

    Audit.objects.for_org(world.org).filter(pk=Audit.objects.for_org(world.org).order_by("pk").first().pk).update(
        status="in_progress")


PRECONDITIONS = {
    "PATCH /api/v1/orgs/{org}/settings": _two_owners_with_totp,
    "PATCH /api/v1/orgs/{org}/audits/{pk}/items/{item_pk}": _audit_in_progress,
}


@pytest.mark.django_db
def test_every_patch_merges_a_stale_version_and_refuses_only_a_real_conflict(world):
    doc = targets.openapi_document()
    me, other = _client(world.subjects["owner"]), _client(world.subjects["aims_manager"])
    # only a draft methodology version changes: start one (param_values() takes the newest version)
    r = me.post(f"/api/v1/orgs/{world.org.slug}/risk-methodology/versions", {}, content_type="application/json")
    assert r.status_code == 201, r.content
    patches = [op for op in targets.operations(doc) if op.method == "PATCH"]
    assert len(patches) >= 12, [op.label for op in patches]
    values, _query = targets.param_values(world.org, world.job_id)
    problems = []
    for label, reason in EXEMPT.items():
        op = next((op for op in patches if op.label == label), None)
        if op is None or "version" in body_schema(doc, op).get("properties", {}):
            problems.append(f"{label}: exempt ({reason}) but gone or now versioned; remove it from EXEMPT")
    for op in patches:
        if op.label in EXEMPT:
            continue
        try:
            path = targets.fill(op.template, values, world.org.slug)
            with transaction.atomic():  # each operation starts from the same records
                if op.label in PRECONDITIONS:
                    PRECONDITIONS[op.label](world)
                check(op, doc, path, me, other)
                transaction.set_rollback(True)
        except (Unhandled, targets.UnfilledParameter) as exc:
            problems.append(f"{op.label}: {exc}")
    assert not problems, "\n".join(problems)
