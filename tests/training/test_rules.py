"""The rules of a training record (ISO/IEC 42001 7.2 d): the expiry defaults from the course, never before the
completion; a passed record has its date; the session is one of the record's course; failed never counts."""

import datetime as dt

import pytest

from forty2.core.errors import InvalidInput
from forty2.documents.services import add_months
from forty2.training import faces, queries
from forty2.training.definitions import TRAINING_RECORD

from .world import TODAY, World, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(member):
    return World(member)


def test_expiry_defaults_to_completion_plus_validity(w):
    r = w.record(w.ann, w.basics, days(-10))
    assert r.expires_on == add_months(days(-10), 24)
    given = w.record(w.olu, w.basics, days(-10), expires_on=days(100))
    assert given.expires_on == days(100)
    forever = w.record(w.ann, w.privacy, days(-10))
    assert forever.expires_on is None  # a course valid for good


def test_the_default_expiry_follows_a_new_completion_date(w):
    r = w.record(w.ann, w.oversight, days(-10))
    r = faces.RECORD_ACCESS.do_update(TRAINING_RECORD, w.manager, r, {"completed_on": days(-5).isoformat()},
                                      version=r.version)
    assert r.expires_on == add_months(days(-5), 12)
    r = faces.RECORD_ACCESS.do_update(TRAINING_RECORD, w.manager, r, {"expires_on": days(30).isoformat()},
                                      version=r.version)
    r = faces.RECORD_ACCESS.do_update(TRAINING_RECORD, w.manager, r, {"completed_on": days(-3).isoformat()},
                                      version=r.version)
    assert r.expires_on == days(30)  # given by hand: kept


def test_expiry_before_completion_is_refused(w):
    with pytest.raises(InvalidInput) as err:
        w.record(w.ann, w.basics, days(-10), expires_on=days(-20))
    assert err.value.errors[0]["loc"][-1] == "expires_on"


def test_a_pass_needs_its_date(w):
    with pytest.raises(InvalidInput) as err:
        w.record(w.ann, w.basics, None, result="passed")
    assert err.value.errors[0]["loc"][-1] == "completed_on"
    assert w.record(w.ann, w.basics, None, result="in_progress").expires_on is None


def test_the_session_must_be_of_the_records_course(w):
    other = w.session("Oversight – March", w.oversight, days(-30))
    with pytest.raises(InvalidInput) as err:
        w.record(w.ann, w.basics, days(-30), session=other)
    assert err.value.errors[0]["loc"][-1] == "session"
    own = w.session("Basics – March", w.basics, days(-30))
    assert w.record(w.ann, w.basics, days(-30), session=own).session_id == own.pk


def test_failed_and_in_progress_never_count(w):
    failed = w.record(w.ann, w.basics, days(-3), result="failed")
    going = w.record(w.olu, w.basics, days(-3), result="in_progress")
    assert queries.status_of(failed) == queries.status_of(going) == "not_counted"
    assert queries.held_by(w.org) == {}
    w.record(w.ann, w.basics, days(-2), result="completed")
    assert set(queries.held_by(w.org)) == {w.ann.pk}


def test_status_valid_expiring_expired(w):
    valid = w.record(w.ann, w.basics, days(-10))
    expiring = w.record(w.ann, w.oversight, days(-10), expires_on=days(20))
    expired = w.record(w.olu, w.oversight, days(-400), expires_on=days(-1))
    assert [queries.status_of(r) for r in (valid, expiring, expired)] == ["valid", "expiring", "expired"]
    groups = queries.person_records(w.org, w.ann)
    assert groups["valid"] == [valid] and groups["expiring"] == [expiring]
    # an expired record renewed by a newer one is no longer listed as expired
    assert queries.person_records(w.org, w.olu)["expired"] == [expired]
    w.record(w.olu, w.oversight, TODAY - dt.timedelta(days=1))
    assert queries.person_records(w.org, w.olu)["expired"] == []
