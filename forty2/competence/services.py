"""The rules of the competence records (ISO/IEC 42001 7.2), around the records kit's write path (validated,
versioned, audited: forty2/records/writes.py):

* a requirement belongs to a live role; its courses are live courses of the organisation;
* evidence expires after it was obtained and is of an active person; evidence for a requirement is of a person
  who could need it (any person: a new starter's evidence is recorded before the role is given);
* an action says when it is due while it is open; a done action has its effectiveness evaluated — effective
  or not, with a note and the date (7.2 c "evaluate the effectiveness of the actions taken"), not in the future.
"""

from django.utils import timezone

from forty2.core.errors import InvalidInput, field_error
from forty2.records import writes

from .models import ActionStatus


def _value(write, name, attr):
    """The final value of a field that may not be declared in the definition (yet): from the cleaned data, the
    record being written, or None."""
    if name in write.cleaned:
        return write.cleaned[name]
    return getattr(write.obj, attr, None)


class RequirementRules(writes.Rules):
    def check(self, write):
        role = _value(write, "role", "role")
        if role is not None and getattr(role, "archived_at", None) is not None:
            raise InvalidInput([field_error("role", "This role is archived; choose a live role.", "archived")])


class EvidenceRules(writes.Rules):
    def check(self, write):
        obtained, expires = _value(write, "obtained_on", "obtained_on"), _value(write, "expires_on", "expires_on")
        if obtained and expires and expires < obtained:
            raise InvalidInput([field_error("expires_on", "The expiry date is before the date it was obtained.",
                                            "date_order")])
        if obtained and obtained > timezone.localdate():
            raise InvalidInput([field_error("obtained_on", "Evidence cannot be obtained in the future.",
                                            "future")])


class ActionRules(writes.Rules):
    def check(self, write):
        status = _value(write, "status", "status")
        problems = []
        if status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS) and not _value(write, "due_date", "due_date"):
            problems.append(field_error("due_date", "Say when the action is due while it is open (7.2 c).",
                                        "required_by"))
        if status == ActionStatus.DONE:
            if _value(write, "effective", "effective") is None:
                problems.append(field_error("effective", "Evaluate whether the action was effective before "
                                                         "marking it done (7.2 c).", "required_by"))
            if not str(_value(write, "effectiveness_note", "effectiveness_note") or "").strip():
                problems.append(field_error("effectiveness_note", "Say how the effectiveness was evaluated: "
                                                                  "an assessment, an observation, a test result.",
                                            "required_by"))
            evaluated = _value(write, "evaluated_on", "evaluated_on")
            if not evaluated:
                problems.append(field_error("evaluated_on", "Give the date of the evaluation.", "required_by"))
            elif evaluated > timezone.localdate():
                problems.append(field_error("evaluated_on", "The evaluation cannot be dated in the future.",
                                            "future"))
        if problems:
            raise InvalidInput(problems)
