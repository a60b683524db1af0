"""`forty2 invite`: the link is printed when mail is not configured; bad input is one line, exit code 2."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from forty2.tenancy.models import Invitation, Membership


def invite(*args):
    out = io.StringIO()
    try:
        call_command("invite", *args, stdout=out, stderr=io.StringIO())
        return 0, out.getvalue()
    except CommandError as exc:
        return exc.returncode, str(exc)


def test_invite_prints_a_working_link_without_smtp(acme):
    code, out = invite("--org", "acme", "--email", "nora@acme.example", "--role", "viewer")
    assert code == 0 and "pass this link on" in out
    link = out.strip().splitlines()[-1]
    assert "/invitations/" in link and len(mail.outbox) == 1
    path = "/" + link.split("/", 3)[3]
    response = Client().post(path, {"full_name": "Nora Quinn", "password": "a-long-enough-passphrase-42",
                                    "password_again": "a-long-enough-passphrase-42"})
    assert response.status_code == 302
    assert Membership.objects.get(user__email="nora@acme.example").role == "viewer"


def test_with_smtp_the_link_is_not_printed(acme):
    with override_settings(FORTY2_MAIL_CONFIGURED=True):
        code, out = invite("--org", "acme", "--email", "nora@acme.example", "--role", "viewer")
    assert code == 0 and "/invitations/" not in out and "mailed" in out


def test_an_external_auditor_gets_an_access_end(acme):
    code, _out = invite("--org", "acme", "--email", "aud@cert.example", "--role", "external_auditor",
                        "--expires", "2099-03-31")
    assert code == 0
    assert Invitation.objects.get().access_expires_at.year == 2099


@pytest.mark.parametrize("args,message", [
    (("--org", "nope", "--email", "a@b.example", "--role", "viewer"), "no organisation 'nope'"),
    (("--org", "acme", "--email", "a@b.example", "--role", "external_auditor"), "needs an expiry"),
    (("--org", "acme", "--email", "a@b.example", "--role", "viewer", "--expires", "soon"), "is not a date"),
    (("--org", "acme", "--email", "nonsense", "--role", "viewer"), "valid e-mail"),
])
def test_bad_input_is_one_line_with_exit_code_2(acme, args, message):
    code, text = invite(*args)
    assert code == 2 and message in text
    assert not Invitation.objects.exists()
