"""The weekly digest (issue #19 item 10; ISO/IEC 42001 7.4): one mail per person with an organisation, per
organisation its phase, readiness and change since last week, blockers, next date and overdue items with absolute
links; once per ISO week; opt-out; plain text and HTML; a mail file when no SMTP server is configured."""

import datetime as dt
import email

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from forty2.portfolio import digest
from forty2.portfolio.models import DigestSent

from .conftest import CONSULTANT

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 12, 7)


def sent_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_one_mail_per_person_with_an_organisation_once_per_iso_week(consultant, settings):
    settings.SITE_URL = "https://aims.example.com"
    call_command("digest", "--today", MONDAY.isoformat())
    assert len(sent_to(CONSULTANT)) == 1 and len(sent_to("stranger@initech.example")) == 1
    call_command("digest", "--today", (MONDAY + dt.timedelta(days=6)).isoformat())  # Sunday, same ISO week
    assert len(sent_to(CONSULTANT)) == 1 and DigestSent.objects.filter(user=consultant).count() == 1
    call_command("digest", "--today", (MONDAY + dt.timedelta(days=7)).isoformat())
    assert len(sent_to(CONSULTANT)) == 2
    assert sorted(DigestSent.objects.filter(user=consultant).values_list("week", flat=True)) == \
        ["2026-W50", "2026-W51"]


def test_the_mail_names_every_organisation_with_its_figures_and_absolute_links(consultant, settings, acme, globex):
    settings.SITE_URL = "https://aims.example.com"
    status, built = digest.send(consultant, MONDAY)
    assert status == "sent"
    message = sent_to(CONSULTANT)[0]
    text = message.body
    assert "== Acme ==" in text and "== Globex ==" in text and "Initech" not in text
    assert "Phase: Certified" in text and "Phase: Gap assessment" in text
    assert "Open: https://aims.example.com/o/acme/" in text and "https://aims.example.com/o/globex/" in text
    assert "Stage 1 blockers:" in text and "https://aims.example.com/o/acme/" in text
    overdue = [line for line in text.splitlines() if line.startswith("Overdue items:")]
    assert len(overdue) == 2 and overdue[0] != "Overdue items: 0"  # Acme's surveillance audit is overdue
    assert "since last week" not in text  # the first digest has nothing to compare with
    html, kind = message.alternatives[0]
    assert kind == "text/html" and '<a href="https://aims.example.com/o/acme/">Acme</a>' in html
    assert "overdue item" in message.subject and "2 organisations" in message.subject
    assert set(built.readiness) == {str(acme.pk), str(globex.pk)}


def test_the_change_since_last_week_is_shown(consultant, acme):
    digest.send(consultant, MONDAY)
    last = DigestSent.objects.get(user=consultant)
    last.readiness = {k: v + 5 for k, v in last.readiness.items()}  # last week it read 5 points higher
    last.save()
    digest.send(consultant, MONDAY + dt.timedelta(days=7))
    text = sent_to(CONSULTANT)[-1].body
    assert text.count("(-5 since last week)") == 2


def test_a_person_who_opted_out_gets_nothing(consultant):
    client = Client()
    client.force_login(consultant)
    assert "Stop the weekly digest" in client.get("/").content.decode()
    client.post("/portfolio/digest", {"weekly_digest": "off"})
    assert "Send me the weekly digest" in client.get("/").content.decode()
    call_command("digest", "--today", MONDAY.isoformat())
    assert sent_to(CONSULTANT) == [] and len(sent_to("stranger@initech.example")) == 1
    assert not DigestSent.objects.filter(user=consultant).exists()
    client.post("/portfolio/digest", {"weekly_digest": "on"})
    call_command("digest", "--today", MONDAY.isoformat())
    assert len(sent_to(CONSULTANT)) == 1


def test_a_bad_preference_changes_nothing(consultant):
    client = Client()
    client.force_login(consultant)
    page = client.post("/portfolio/digest", {"weekly_digest": "maybe"}, follow=True).content.decode()
    assert "Choose whether to receive the weekly digest" in page and digest.wants_digest(consultant)
    assert Client().post("/portfolio/digest", {"weekly_digest": "off"}).status_code == 302  # to sign in
    assert digest.wants_digest(consultant)


def test_opt_out_from_the_command_line(consultant, capsys):
    call_command("digest", "--opt-out", CONSULTANT)
    assert not digest.wants_digest(consultant)
    call_command("digest", "--user", CONSULTANT, "--today", MONDAY.isoformat())
    assert "opted out" in capsys.readouterr().out and sent_to(CONSULTANT) == []
    call_command("digest", "--opt-in", CONSULTANT)
    assert digest.wants_digest(consultant)


def test_dry_run_prints_and_records_nothing(consultant, capsys):
    call_command("digest", "--user", CONSULTANT, "--dry-run", "--today", MONDAY.isoformat())
    out = capsys.readouterr().out
    assert f"To: {CONSULTANT}" in out and "== Acme ==" in out
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_an_unknown_person_is_a_clear_error(consultant):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no active member with the address 'nobody@example.org'"):
        call_command("digest", "--user", "nobody@example.org")
    with pytest.raises(CommandError, match="--today"):
        call_command("digest", "--today", "next monday")


def test_without_smtp_the_digest_is_a_mail_file(consultant, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.SITE_URL = "https://aims.example.com"
    call_command("digest", "--user", CONSULTANT, "--today", MONDAY.isoformat())
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes().split(b"\n" + b"-" * 79)[0])
    assert message["To"] == CONSULTANT and message.is_multipart()
    parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in message.walk()
             if not p.is_multipart()}
    assert "== Acme ==" in parts["text/plain"] and "https://aims.example.com/o/acme/" in parts["text/plain"]
    assert '<a href="https://aims.example.com/o/globex/">Globex</a>' in parts["text/html"]


def test_a_person_without_an_organisation_gets_no_digest(django_user_model):
    django_user_model.objects.create_user(email="loner@example.org", password="a-long-password-1")
    call_command("digest", "--today", MONDAY.isoformat())
    assert mail.outbox == []
