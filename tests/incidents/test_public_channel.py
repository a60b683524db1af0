"""The public concern channel (ISO/IEC 42001 A.3.3, A.8.3): no login, CSRF-protected, opt-in per organisation, its
own throttle, and an anonymous concern that keeps no address, browser, session or user (the row, the audit event
and the logs are read), with a follow-up code that shows the answer."""

import logging
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from forty2.core.accesslog import RedactingLogger
from forty2.core.models import AuditEvent
from forty2.incidents import services
from forty2.incidents.models import Concern

pytestmark = pytest.mark.django_db

IP, AGENT = "203.0.113.77", "WhistleBrowser/9.9 (Test; Unique-Agent-7731)"


def _csrf_client(**extra):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT, **extra)
    return client


def _token(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def _submit(client, **fields):
    data = {"kind": "concern", "subject": "Biased triage", "description": "It ranks older patients lower.",
            "anonymous": "on", **fields}
    data["csrfmiddlewaretoken"] = _token(client, "/c/acme/")
    return client.post("/c/acme/", data)


def test_the_channel_is_off_until_the_organisation_turns_it_on(manager):
    assert Client().get("/c/acme/").status_code == 404
    assert Client().post("/api/v1/public/acme/concerns", {"subject": "x"},
                         content_type="application/json").status_code == 404
    services.set_channel(manager, enabled=True)
    assert Client().get("/c/acme/").status_code == 200
    assert Client().get("/c/no-such-org/").status_code == 404
    services.set_channel(manager, enabled=False)
    assert Client().get("/c/acme/").status_code == 404


def test_the_form_needs_its_csrf_token(channel_on):
    client = _csrf_client()
    assert client.post("/c/acme/", {"subject": "x", "kind": "concern", "anonymous": "on"}).status_code == 403
    assert not Concern.objects.exists()


def _all_log_text(caplog) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.__dict__}" for r in caplog.records)


def test_an_anonymous_concern_stores_no_identifying_data(channel_on, manager, caplog):
    caplog.set_level(logging.DEBUG)
    client = _csrf_client()
    client.force_login(manager.user)  # even a signed-in member stays anonymous when they choose to
    sessions_before = Session.objects.count()
    response = _submit(client, name="Should Vanish", email="vanish@example.org")
    assert response.status_code == 200, response.content.decode()[:500]
    code = re.search(r'id="follow-up-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    concern = Concern.objects.get()
    row = {f.attname: getattr(concern, f.attname) for f in Concern._meta.concrete_fields}
    text = " ".join(str(v) for v in row.values())
    for needle in (IP, AGENT, "Unique-Agent", manager.user.email, "Should Vanish", "vanish@example.org", code):
        assert needle not in text, needle
    assert row["anonymous"] is True and row["reporter_name"] == "" and row["reporter_email"] == ""
    assert row["created_by_id"] is None and row["owner_id"] is None
    names = {f.name for f in Concern._meta.get_fields()}
    assert not names & {"ip", "ip_address", "user_agent", "session", "session_key", "remote_addr", "user"}
    assert row["code_digest"] == services.digest(code) and len(row["code_digest"]) == 64
    assert Session.objects.count() == sessions_before  # no session started for the reporter
    event = AuditEvent.objects.get(action="concern.receive")
    assert event.actor_id is None and event.actor_label == "system"
    event_text = event.canonical + str(event.changes)
    for needle in (IP, AGENT, manager.user.email, "Should Vanish", code):
        assert needle not in event_text
    logs = _all_log_text(caplog)
    for needle in (IP, AGENT, "Unique-Agent", code):
        assert needle not in logs


def test_the_api_submission_is_anonymous_too_and_the_code_shows_the_answer(channel_on, manager, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    r = client.post("/api/v1/public/acme/concerns", {"subject": "Chatbot gave medical advice"},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    code = r.json()["follow_up_code"]
    concern = Concern.objects.get()
    assert concern.anonymous and not concern.reporter_email and concern.created_by_id is None
    assert IP not in str(vars(concern)) and AGENT not in str(vars(concern))
    ask = {"HTTP_X_FOLLOW_UP_CODE": code}
    before = client.get("/api/v1/public/acme/concerns/follow-up", **ask).json()
    assert before["answer"] is None and before["status"] == "received"
    concern = services.update_concern(manager, concern, {"answer": "We checked: it now refuses.",
                                                         "outcome": "Prompt fixed."}, version=concern.version)
    concern = services.concern_step(manager, concern, "triage", version=concern.version)
    services.concern_step(manager, concern, "answer", version=concern.version)
    after = client.get("/api/v1/public/acme/concerns/follow-up", **ask).json()
    assert after["answer"] == "We checked: it now refuses." and after["status"] == "answered"
    assert "outcome" not in after and "Prompt fixed" not in str(after) and "owner" not in after
    assert client.get("/api/v1/public/acme/concerns/follow-up",
                      HTTP_X_FOLLOW_UP_CODE="WRONG-CODE").status_code == 404
    assert client.get("/api/v1/public/acme/concerns/follow-up").status_code == 422  # the code is required
    logs = _all_log_text(caplog)
    assert IP not in logs and AGENT not in logs and code not in logs


def test_a_named_concern_needs_a_name_or_email_and_keeps_them(channel_on):
    client = _csrf_client()
    page = _submit(client, anonymous="", name="", email="")
    assert page.status_code == 422 and "stay anonymous" in page.content.decode()
    ok = _submit(client, anonymous="", name="Dana Reporter", email="dana@example.org")
    assert ok.status_code == 200
    concern = Concern.objects.get()
    assert not concern.anonymous and concern.reporter_email == "dana@example.org"
    event = AuditEvent.objects.get(action="concern.receive")
    assert "dana" not in event.canonical.lower()  # the audit log never carries the identity


def test_follow_up_page_reads_the_code_from_the_form_not_the_address(channel_on, manager):
    client = _csrf_client()
    response = _submit(client)
    code = re.search(r'id="follow-up-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    concern = Concern.objects.get()
    concern = services.update_concern(manager, concern, {"answer": "Thank you; we re-trained it."},
                                      version=concern.version)
    concern = services.concern_step(manager, concern, "triage", version=concern.version)
    services.concern_step(manager, concern, "answer", version=concern.version)
    token = _token(client, "/c/acme/follow-up")
    page = client.post("/c/acme/follow-up", {"code": code.lower(), "csrfmiddlewaretoken": token})
    assert "Thank you; we re-trained it." in page.content.decode()
    assert "Thank you" not in client.get(f"/c/acme/follow-up?code={code}").content.decode()
    wrong = client.post("/c/acme/follow-up", {"code": "AAAA-BBBB", "csrfmiddlewaretoken": token})
    assert "No concern has this code" in wrong.content.decode()


def test_the_throttle_allows_five_submissions_an_hour_per_client(channel_on):
    api = Client(REMOTE_ADDR=IP)
    answers = [api.post("/api/v1/public/acme/concerns", {"subject": f"Concern {i}"},
                        content_type="application/json").status_code for i in range(7)]
    assert answers == [201] * 5 + [429] * 2
    assert Concern.objects.count() == 5
    other = Client(REMOTE_ADDR="198.51.100.4")  # another client has its own allowance
    assert other.post("/api/v1/public/acme/concerns", {"subject": "Mine"},
                      content_type="application/json").status_code == 201
    page = _csrf_client()
    token = _token(page, "/c/acme/")
    blocked = page.post("/c/acme/", {"kind": "concern", "subject": "x", "anonymous": "on",
                                     "csrfmiddlewaretoken": token})
    assert blocked.status_code == 429 and "Too many" in blocked.content.decode()


def test_the_throttle_key_is_a_keyed_hash_never_the_address(channel_on):
    from django.core.cache import cache

    Client(REMOTE_ADDR=IP).post("/api/v1/public/acme/concerns", {"subject": "x"}, content_type="application/json")
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any(IP in str(k) for k in keys)


class _Resp:
    status, sent, headers = "201 Created", 10, []


class _Req:
    headers = [("User-Agent", AGENT), ("X-Forwarded-For", IP), ("Accept", "text/html")]


def _access_line(path):
    class Cfg:
        access_log_format = '%(h)s "%(r)s" %(s)s "%(f)s" "%(a)s" %({x-forwarded-for}i)s'
        errorlog, accesslog, loglevel, syslog, capture_output, logconfig = "-", "-", "info", False, False, None
        logconfig_dict, logconfig_json, user, group, umask, disable_redirect_access_to_syslog = {}, None, 0, 0, 0, False
        syslog_addr, syslog_prefix, syslog_facility, statsd_host, dogstatsd_tags = None, None, "user", None, ""

    logger = RedactingLogger.__new__(RedactingLogger)
    logger.cfg = Cfg()
    lines = []
    logger.access_log = type("L", (), {"info": lambda self, fmt, atoms: lines.append(fmt % atoms)})()
    environ = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": AGENT, "HTTP_REFERER": "https://ref.example/",
               "HTTP_X_FORWARDED_FOR": IP, "REQUEST_METHOD": "POST", "RAW_URI": path, "PATH_INFO": path,
               "SERVER_PROTOCOL": "HTTP/1.1", "QUERY_STRING": ""}
    import datetime as dt
    RedactingLogger.access(logger, _Resp(), _Req(), environ, dt.timedelta(seconds=0))
    return lines[0]


@pytest.mark.parametrize("path", ["/c/acme/", "/c/acme/follow-up", "/api/v1/public/acme/concerns"])
def test_the_access_log_keeps_no_address_or_browser_for_the_public_channel(path):
    line = _access_line(path)
    assert IP not in line and AGENT not in line and "ref.example" not in line and path in line


def test_other_paths_are_logged_as_before():
    line = _access_line("/o/acme/")
    assert IP in line and AGENT in line
