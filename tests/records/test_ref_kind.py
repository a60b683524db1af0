"""The records kit's ``ref`` kind (forty2/records/definition.py): a foreign key to another organisation record,
proved on tests/ref_app (a session names its topic). API value: the target's id, checked to be of the same
organisation (another organisation's id reads as a missing one) and not archived or retired when newly set;
import/export cell: the target's label; form and list filter: a select of the organisation's live records;
``sort`` by the label; history by the label; no query per row."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.records import writes
from forty2.records.bulk import bulk_fields
from forty2.records.definition import Field, RecordType
from forty2.records.forms import record_form
from forty2.records.schemas import input_schemas, output_schema
from forty2.tenancy.models import Role
from tests.inventory._io import csv_bytes
from tests.ref_app.definitions import SESSION, TOPIC
from tests.ref_app.models import RefSession, RefTopic
from tests.web import fixtures

pytestmark = pytest.mark.django_db
web_as = fixtures.web_as
API = "/orgs/acme/ref-sessions"
PAGES = "/o/acme/reftest/ref-sessions"


@pytest.fixture
def api(api_as):
    return api_as(Role.OWNER, email="owner@acme.example")


def _topic(org, name, **extra):
    return RefTopic.objects.create(organization=org, name=name, **extra)


def _create(api, **data):
    r = api.post(API, {"title": "Fairness workshop", **data})
    assert r.status_code == 201, r.json_body
    return r.json_body


def _error(r):
    assert r.status_code == 422, (r.status_code, r.json_body)
    return {e["loc"][-1]: e for e in r.json_body["detail"]}


def test_a_foreign_key_to_an_organisation_record_is_kind_ref():
    topic = SESSION.by_name["topic"]
    assert (topic.kind, topic.related_model) == ("ref", RefTopic)
    assert SESSION.by_name["backup"].kind == "ref"
    # a foreign key to the user model stays a person
    assert RecordType(model=RefSession, name="probe", label="Probe",
                      fields=[Field("created_by")]).by_name["created_by"].kind == "person"


def test_schema_is_an_integer_id_nullable_unless_required():
    create, patch = input_schemas(SESSION, "RefProbe")
    props, required = create.model_json_schema()["properties"], create.model_json_schema()["required"]
    assert props["topic"]["type"] == "integer" and props["topic"]["minimum"] == 1 and "topic" in required
    assert {o.get("type") for o in props["backup"]["anyOf"]} == {"integer", "null"}
    assert patch.model_json_schema()["properties"]["topic"]["type"] == "integer"  # required: never null
    out = output_schema(SESSION, "RefProbe").model_json_schema()["properties"]
    assert {o.get("type") for o in out["topic"]["anyOf"]} == {"integer", "null"}


def test_api_create_read_update_with_ids(api, acme):
    ethics, privacy = _topic(acme, "Ethics"), _topic(acme, "Privacy")
    rec = _create(api, topic=ethics.pk, backup=None)
    assert (rec["topic"], rec["backup"]) == (ethics.pk, None)
    url = f"{API}/{rec['id']}"
    assert api.get(url).json_body["topic"] == ethics.pk
    r = api.patch(url, {"topic": privacy.pk, "backup": ethics.pk, "version": 1})
    assert r.status_code == 200 and (r.json_body["topic"], r.json_body["backup"]) == (privacy.pk, ethics.pk)
    assert api.patch(url, {"backup": None, "version": 2}).json_body["backup"] is None
    obj = RefSession.objects.get()
    assert (obj.topic, obj.backup, obj.version) == (privacy, None, 3)


def test_another_organisations_id_is_the_same_422_as_a_missing_one(api, acme, globex):
    theirs = _topic(globex, "Globex secret topic")
    foreign, missing = _error(api.post(API, {"title": "X", "topic": theirs.pk})), \
        _error(api.post(API, {"title": "X", "topic": 987654}))
    assert foreign["topic"]["type"] == missing["topic"]["type"] == "not_found"
    assert foreign["topic"]["msg"].replace(str(theirs.pk), "N") == missing["topic"]["msg"].replace("987654", "N")
    assert "Globex" not in foreign["topic"]["msg"]
    assert _error(api.post(API, {"title": "X", "topic": "one"}))["topic"]
    assert _error(api.post(API, {"title": "X", "topic": 0}))["topic"]
    assert not RefSession.objects.exists()


def test_null_on_a_required_ref_and_an_archived_or_retired_target_are_refused(api, acme):
    live = _topic(acme, "Live")
    assert _error(api.post(API, {"title": "X"}))["topic"]["type"] == "missing"
    assert "topic" in _error(api.post(API, {"title": "X", "topic": None}))
    rec = _create(api, topic=live.pk)
    assert "topic" in _error(api.patch(f"{API}/{rec['id']}", {"topic": None, "version": 1}))
    archived = _topic(acme, "Old", archived_at=timezone.now())
    retired = _topic(acme, "Gone", retired_at=timezone.now())
    for target in (archived, retired):
        err = _error(api.post(API, {"title": "Y", "topic": target.pk}))
        assert err["topic"]["type"] == "archived" and target.name in err["topic"]["msg"]
    # a target archived after it was set stays: keeping the value (or editing another field) is fine
    live.archived_at = timezone.now()
    live.save()
    r = api.patch(f"{API}/{rec['id']}", {"topic": live.pk, "notes": "still on the archived topic", "version": 1})
    assert r.status_code == 200 and r.json_body["topic"] == live.pk


def test_filter_by_id_and_sort_by_label(api, acme):
    b, a, c = _topic(acme, "Beta"), _topic(acme, "alpha"), _topic(acme, "Gamma")
    for title, topic in (("One", b), ("Two", a), ("Three", c), ("Four", a)):
        _create(api, title=title, topic=topic.pk)
    found = api.get(f"{API}?topic={a.pk}").json_body
    assert "count" in found, found
    assert found["count"] == 2 and {i["title"] for i in found["items"]} == {"Two", "Four"}
    assert api.get(f"{API}?topic=nope").status_code == 422
    assert api.get(f"{API}?topic=999999").json_body["count"] == 0
    order = [i["topic"] for i in api.get(f"{API}?ordering=topic").json_body["items"]]
    assert order == [a.pk, a.pk, b.pk, c.pk]  # by the label, ignoring case
    assert [i["topic"] for i in api.get(f"{API}?ordering=-topic").json_body["items"]][0] == c.pk


def test_import_by_label_and_export_the_label(api, acme, globex):
    _topic(acme, "Ethics")
    _topic(globex, "Privacy")  # another organisation's label is no match
    body = csv_bytes([["title", "topic", "backup", "notes"], ["Session A", "ethics", "", ""],
                      ["Session B", "Ethics", "", "n"]])
    r = api.client.post(f"/api/v1{API}/import", {"file": _upload(body)}, headers=api.headers)
    assert r.status_code == 200 and r.json()["created"] == 2, r.content
    assert set(RefSession.objects.values_list("topic__name", flat=True)) == {"Ethics"}
    bad = csv_bytes([["title", "topic"], ["Session C", "Privacy"], ["Session D", ""]])
    r = api.client.post(f"/api/v1{API}/import", {"file": _upload(bad)}, headers=api.headers)
    problems = r.json()["detail"]
    assert r.status_code == 422 and [(p["loc"][1], p["loc"][2]) for p in problems] == [(2, "topic"), (3, "topic")]
    assert "'Privacy'" in problems[0]["msg"] and "topic named" in problems[0]["msg"]
    _topic(acme, "ETHICS")  # two live topics of one label: ambiguous
    r = api.client.post(f"/api/v1{API}/import", {"file": _upload(csv_bytes([["title", "topic"], ["E", "Ethics"]]))},
                        headers=api.headers)
    assert r.status_code == 422 and "matches several" in r.json()["detail"][0]["msg"]
    export = api.client.get(f"/api/v1{API}/export", headers=api.headers).content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("title,topic,backup,notes")
    assert "Session A,Ethics,," in export


def _upload(data: bytes, name="sessions.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_form_lists_the_organisations_live_records_and_keeps_the_current(acme, globex, member):
    live, old = _topic(acme, "Live topic"), _topic(acme, "Old topic", archived_at=timezone.now())
    _topic(acme, "Retired topic", retired_at=timezone.now())
    _topic(globex, "Globex topic")
    form = record_form(SESSION)(organization=acme)
    assert [label for _v, label in form.fields["topic"].choices] == ["None", "Live topic"]
    obj = RefSession.objects.create(organization=acme, title="S", topic=old)
    form = record_form(SESSION)(organization=acme, instance=obj)
    assert [label for _v, label in form.fields["topic"].choices] == ["None", "Live topic", "Old topic"]
    assert form.initial["topic"] == old.pk
    posted = record_form(SESSION)({"title": "S2", "topic": str(live.pk), "backup": ""}, organization=acme)
    assert posted.is_valid() and posted.service_data()["topic"] == live.pk and posted.service_data()["backup"] is None
    assert not record_form(SESSION)({"title": "S3", "topic": str(old.pk)}, organization=acme).is_valid()


def test_pages_show_the_label_linked_filter_by_select_and_history_shows_the_label(web_as, acme):
    owner = web_as(Role.OWNER, email="owner@acme.example")
    ethics, privacy = _topic(acme, "Ethics"), _topic(acme, "Privacy")
    r = owner.post(f"{PAGES}/new", {"title": "Workshop", "topic": str(ethics.pk), "backup": "", "notes": ""})
    obj = RefSession.objects.get()
    assert r.status_code == 302, r.content.decode()[:2000]
    detail = owner.get(r["Location"]).content.decode()
    assert f'<a href="/o/acme/reftest/ref-topics/{ethics.pk}/">Ethics</a>' in detail  # linked to its page
    listing = owner.get(f"{PAGES}/").content.decode()
    assert 'id="f-topic"' in listing and f'<option value="{privacy.pk}">Privacy</option>' in listing
    assert f'href="/o/acme/reftest/ref-topics/{ethics.pk}/">Ethics</a>' in listing
    assert "Workshop" not in owner.get(f"{PAGES}/", {"topic": privacy.pk}).content.decode()
    sorted_page = owner.get(f"{PAGES}/", {"ordering": "-topic"})
    assert sorted_page.status_code == 200
    page = owner.get(f"{PAGES}/{obj.pk}/edit").content.decode()
    base = re.search(r'name="base" value="([^"]+)"', page).group(1)
    form = {"title": "Workshop", "topic": str(ethics.pk), "backup": "", "notes": "", "version": "1", "base": base}
    assert owner.post(f"{PAGES}/{obj.pk}/edit", {**form, "topic": str(privacy.pk)}).status_code == 302
    assert owner.post(f"{PAGES}/{obj.pk}/edit", {**form, "notes": "stale edit"}).status_code == 302  # merged
    obj.refresh_from_db()
    assert (obj.topic, obj.notes, obj.version) == (privacy, "stale edit", 3)  # the stale edit kept the ref
    event = AuditEvent.objects.filter(action="ref_session.update").order_by("seq").first()
    assert event.changes["topic"] == ["Ethics", "Privacy"]
    assert AuditEvent.objects.get(action="ref_session.create").changes["topic"] == "Ethics"
    detail = owner.get(f"{PAGES}/{obj.pk}/").content.decode()
    assert re.search(r"Ethics.{0,400}Privacy", detail, re.S)  # the history row: before and after by label


def test_conflicting_ref_edits_offer_labels_and_take_the_choice(web_as, acme):
    owner = web_as(Role.OWNER, email="owner@acme.example")
    a, b, c = _topic(acme, "Topic A"), _topic(acme, "Topic B"), _topic(acme, "Topic C")
    owner.post(f"{PAGES}/new", {"title": "W", "topic": str(a.pk), "notes": ""})
    obj = RefSession.objects.get()
    url = f"{PAGES}/{obj.pk}/edit"
    base = re.search(r'name="base" value="([^"]+)"', owner.get(url).content.decode()).group(1)
    form = {"title": "W", "topic": str(a.pk), "backup": "", "notes": "", "version": "1", "base": base}
    assert owner.post(url, {**form, "topic": str(b.pk)}).status_code == 302
    clash = owner.post(url, {**form, "topic": str(c.pk)}).content.decode()
    assert "Choose what to keep" in clash and "Topic B" in clash and "Topic C" in clash
    token = re.search(r'name="conflicts" value="([^"]+)"', clash).group(1)
    version = re.search(r'name="version" value="(\d+)"', clash).group(1)
    base = re.search(r'name="base" value="([^"]+)"', clash).group(1)
    r = owner.post(url, {**form, "version": version, "base": base, "conflicts": token, "resolve_topic": "yours"})
    assert r.status_code == 302
    obj.refresh_from_db()
    assert obj.topic == c


def test_bulk_edit_offers_ref_fields():
    assert {"topic", "backup"} <= {f.name for f in bulk_fields(SESSION)}


def test_lists_and_exports_run_the_same_statements_for_2_and_10_rows(api, web_as, acme):
    owner = web_as(Role.OWNER, email="web@acme.example")
    topics = [_topic(acme, f"Topic {i}") for i in range(3)]

    def counts():
        out = []
        for call in (lambda: api.get(f"{API}?limit=50"), lambda: owner.get(f"{PAGES}/"),
                     lambda: api.client.get(f"/api/v1{API}/export", headers=api.headers),
                     lambda: api.get(f"{API}?ordering=topic")):
            with CaptureQueriesContext(connection) as ctx:
                assert call().status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    def add(n):
        for i in range(n):
            RefSession.objects.create(organization=acme, title=f"S{RefSession.objects.count()}-{i}",
                                      topic=topics[i % 3], backup=topics[(i + 1) % 3])

    add(2)
    counts()  # warm: the first request of a token records its use
    two = counts()
    add(8)
    assert counts() == two


def test_delete_event_keeps_the_label(api, acme):
    topic = _topic(acme, "Ethics")
    obj = writes.create(SESSION, api.membership, {"title": "Temp", "topic": topic.pk})
    writes.delete(SESSION, api.membership, obj)
    assert AuditEvent.objects.get(action="ref_session.delete").changes["topic"] == "Ethics"


def test_topic_record_type_is_untouched_by_refs():
    assert [f.kind for f in TOPIC.fields] == ["text", "text"]


def test_deleting_a_record_a_ref_still_names_is_a_conflict_not_a_500(api, acme):
    from forty2.core.errors import Conflict

    topic = _topic(acme, "Ethics")
    writes.create(SESSION, api.membership, {"title": "Keeps it", "topic": topic.pk})
    with pytest.raises(Conflict, match="still name this Topic"):
        writes.delete(TOPIC, api.membership, topic)
    assert RefTopic.objects.filter(pk=topic.pk).exists()
    assert not AuditEvent.objects.filter(action="ref_topic.delete").exists()
