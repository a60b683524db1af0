"""When the mail server fails, the invitation still exists and the owner gets the link to pass on; nothing
logs the token (ISO/IEC 42001 7.4)."""

import logging
from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from forty2.tenancy import invitations
from forty2.tenancy.models import Role


class Broken(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPException("connection refused")


def test_a_failed_mail_still_gives_the_owner_the_link_and_logs_no_token(member, caplog):
    owner = member(Role.OWNER)
    caplog.set_level(logging.DEBUG)
    with override_settings(FORTY2_MAIL_CONFIGURED=True, EMAIL_BACKEND=f"{__name__}.Broken"):
        sent = invitations.invite(owner.organization, email="nora@acme.example", role=Role.VIEWER,
                                  actor=owner.user, actor_membership=owner)
    assert not sent.mail_sent and "/invitations/" in sent.link
    token = sent.link.rstrip("/").rsplit("/", 1)[1]
    assert "could not send" in caplog.text and token not in caplog.text
