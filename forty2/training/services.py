"""The rules of training records (ISO/IEC 42001 7.2 d, 7.3), on the records kit's write path: every create,
change and removal is validated, versioned and audited (forty2/records/writes.py); the rules here are the ones
an auditor checks.

* A passed or completed record has the date it was completed (without it nothing says until when it is valid).
* The expiry date defaults to the completion date plus the course's validity (``validity_months``) when it is
  not given, and follows a new completion date while it still holds the default; it is never before the
  completion date.
* A record's session is a delivery of the record's own course.
* The evidence (an evidence item of the organisation, uploaded and checked by the evidence app) is optional.
"""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist

from forty2.core.errors import InvalidInput, field_error
from forty2.documents.services import add_months
from forty2.records import writes

from .models import COUNTS, Course, TrainingSession


def _final(write, name):
    """The value ``name`` will have after the write (a related record, not its id)."""
    if name in write.cleaned:
        return write.cleaned[name]
    try:
        return getattr(write.obj, name)
    except ObjectDoesNotExist:  # a relation not set yet
        return None


def default_expiry(completed_on: dt.date | None, course) -> dt.date | None:
    """The completion date plus the course's validity, or None (no date, or a course valid for good)."""
    if completed_on is None or course is None or not course.validity_months:
        return None
    return add_months(completed_on, course.validity_months)


def _as(model, value):
    """A related record given as a record or an id (the kit's ``ref`` fields clean to records)."""
    if value is None or isinstance(value, model):
        return value
    return model.objects.filter(pk=value).first()


class RecordRules(writes.Rules):
    def check(self, write):
        errors = []
        result = _final(write, "result")
        completed = _final(write, "completed_on")
        expires = _final(write, "expires_on")
        if result in COUNTS and completed is None:
            errors.append(field_error("completed_on", "Give the date the training was completed: a passed or "
                                                      "completed training counts from that date (7.2 d).",
                                      "required_by"))
        if completed is not None and expires is not None and expires < completed:
            errors.append(field_error("expires_on", f"The expiry date ({expires.isoformat()}) is before the date "
                                                    f"it was completed ({completed.isoformat()}).", "date_order"))
        course = _as(Course, _final(write, "course"))
        session = _as(TrainingSession, _final(write, "session"))
        if session is not None and course is not None and session.course_id != course.pk:
            errors.append(field_error("session", f"The session ‘{session}’ is a session of ‘{session.course}’, not "
                                                 f"of ‘{course}’; choose a session of the record's course.",
                                      "mismatch"))
        if errors:
            raise InvalidInput(errors)

    def before_save(self, write):
        obj = write.obj
        if "expires_on" in write.cleaned and write.cleaned["expires_on"] is not None:
            return  # given
        course = _as(Course, _final(write, "course"))
        new_default = default_expiry(obj.completed_on, course)
        if write.created:
            if obj.expires_on is None:
                obj.expires_on = new_default
            return
        # an update: the expiry follows the completion date and course while it holds their default
        before = write.before
        old_expiry = before.get("expires_on")
        old_completed = before.get("completed_on")
        old_course = _as(Course, before.get("course")) if "course" in before else course
        old_default = default_expiry(dt.date.fromisoformat(old_completed) if old_completed else None, old_course)
        old_expiry = dt.date.fromisoformat(old_expiry) if old_expiry else None
        if obj.expires_on is None or (obj.expires_on == old_expiry and old_expiry == old_default):
            obj.expires_on = new_default


def record_rules() -> writes.Rules:
    return RecordRules()


_BY_EMAIL = "\x00by e-mail"  # a key no label can be (text with NUL is never stored)


def resolve_person(index: dict, token: str):
    """An import cell naming a person: their e-mail address (``@`` in it), or their name, which must name one
    person (an archived namesake aside). Returns (person, None) or (None, message)."""
    if "@" in token:
        if _BY_EMAIL not in index:
            index[_BY_EMAIL] = {p.email.strip().lower(): p for people in list(index.values()) for p in people
                                if p.email}
        found = index[_BY_EMAIL].get(token.strip().lower())
        if found is None:
            return None, (f"No person with the e-mail address '{token}' in this organisation; add them under People "
                          "first.")
        return found, None
    found = index.get(token.strip().lower(), [])
    if len(found) > 1:
        live = [p for p in found if p.archived_at is None]
        found = live if len(live) == 1 else found
    if len(found) == 1:
        return found[0], None
    if found:
        return None, f"'{token}' names {len(found)} people; give their e-mail address instead."
    return None, f"No person named '{token}' in this organisation; add them under People first."
