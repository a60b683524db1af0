"""API tokens from `forty2 token`: printed once, stored only as a SHA-256 digest, refused once revoked or
expired, and useless once the person has left the organisation (docs/architecture.md, "Tenancy")."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from forty2.accounts.models import ApiToken
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role
from tests.conftest import ApiClient


def token_cmd(*args):
    """(exit code, stdout, stderr) of ``forty2 token ...``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("token", *args, stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)


@pytest.fixture
def contributor(member):
    return member(Role.CONTRIBUTOR, email="eng@acme.example")


def test_printed_token_works_for_its_organisation(contributor):
    code, out, _err = token_cmd("create", "--email", "eng@acme.example", "--org", "acme")
    assert code == 0
    raw = out.strip()
    assert raw.startswith("f2_") and len(raw) >= 40 and "\n" not in raw
    api = ApiClient(raw)
    assert api.get("/orgs/acme/ai-systems").status_code == 200
    assert api.post("/orgs/acme/ai-systems", {"name": "From CI", "purpose": "p"}).status_code == 201


def test_only_the_digest_is_stored_nowhere_the_token(contributor):
    _code, out, _err = token_cmd("create", "--email", "eng@acme.example", "--org", "acme", "--name", "CI gate")
    raw = out.strip()
    token = ApiToken.objects.get(name="CI gate")
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    secret_part = raw[len(token.prefix):]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names come from introspection
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                assert secret_part not in text, f"the token's secret is stored in {table}"


def test_tokens_are_listed_with_their_state_and_revoked_by_prefix(contributor):
    _code, out, _err = token_cmd("create", "--email", "eng@acme.example", "--org", "acme")
    raw = out.strip()
    prefix = ApiToken.objects.get().prefix
    code, listing, _ = token_cmd("list", "--email", "eng@acme.example")
    assert code == 0 and prefix in listing and "active" in listing and raw not in listing
    assert token_cmd("revoke", prefix)[0] == 0
    assert "revoked" in token_cmd("list", "--email", "eng@acme.example")[1]
    assert ApiClient(raw).get("/orgs/acme/ai-systems").status_code == 401


def test_expired_tokens_are_refused(contributor):
    _code, out, _err = token_cmd("create", "--email", "eng@acme.example", "--org", "acme", "--days", "1")
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert ApiClient(out.strip()).get("/orgs/acme/ai-systems").status_code == 401
    assert "expired" in token_cmd("list", "--email", "eng@acme.example")[1]


@pytest.mark.parametrize("days", ["0", "-3", "367", "3000000"])
def test_every_token_expires_and_absurd_days_are_one_line(contributor, days):
    """Issue #14, finding 9: ``--days 0`` made a token that never expires, ``--days 3000000`` a traceback."""
    code, out, err = token_cmd("create", "--email", "eng@acme.example", "--org", "acme", "--days", days)
    assert code == 2 and out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "--days must be 1 to 366" in err
    assert not ApiToken.objects.exists()


def test_the_longest_token_lives_366_days(contributor):
    assert token_cmd("create", "--email", "eng@acme.example", "--org", "acme", "--days", "366")[0] == 0
    assert (ApiToken.objects.get().expires_at - timezone.now()).days == 365  # 366 days less a moment


def test_a_token_stops_reaching_the_organisation_when_the_membership_is_removed(member, contributor):
    owner = member(Role.OWNER)
    _code, out, _err = token_cmd("create", "--email", "eng@acme.example", "--org", "acme")
    api = ApiClient(out.strip())
    assert api.get("/orgs/acme/ai-systems").status_code == 200
    tenancy.remove_member(contributor, actor=owner.user, actor_membership=owner)
    # the token died with the membership: 401 everywhere, also outside the organisation's paths
    assert api.get("/orgs/acme/ai-systems").status_code == 401
    assert api.get("/catalog/frameworks").status_code == 401
    # and it stays revoked when the person is added again later
    tenancy.add_member(owner.organization, email="eng@acme.example", role=Role.VIEWER)  # the administrator
    assert api.get("/orgs/acme/ai-systems").status_code == 401


@pytest.mark.parametrize("args,message", [
    (("create", "--email", "nobody@acme.example", "--org", "acme"), "no user"),
    (("create", "--email", "eng@acme.example", "--org", "globex"), "not an active member"),
    (("create", "--email", "eng@acme.example", "--org", "acme", "--days", "-1"), "--days"),
    (("revoke", "f2_nothing"), "no single token"),
    (("list", "--email", "nobody@acme.example"), "no user"),
])
def test_bad_arguments_exit_2_with_one_line(contributor, globex, args, message):
    code, _out, err = token_cmd(*args)
    assert code == 2
    assert message in err
    assert "\n" not in err.strip()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("args", [("create", "--email", "eng@acme.example"), ("create", "--days", "x"),
                                  ("frobnicate",), ()])
def test_malformed_command_lines_exit_2(contributor, args):
    code, _out, _err = token_cmd(*args)
    assert code == 2


def test_no_token_for_a_member_without_totp_where_the_organisation_requires_it(contributor):
    tenancy.update_settings(contributor.organization, require_totp_for_tokens=True)
    code, out, err = token_cmd("create", "--email", "eng@acme.example", "--org", "acme")
    assert code == 2 and out == "" and "requires two-factor authentication for API tokens" in err
    assert not ApiToken.objects.exists()
