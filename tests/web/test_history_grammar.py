"""History reads as English for every event the system can record (ISO/IEC 42001 7.5.3 documented information
people can read; issue #15): the wording is generated from each record type's declaration, and every action —
every registered phrase, every record type's create/update/archive/restore/delete/import/approve, and every action
code the source writes to the audit log — is checked for "a"/"an", a doubled object, a capital start and a clean
end, both in the audit log (the record named) and on the record's own page ("this SoA entry")."""

import re
from pathlib import Path

import pytest

from forty2.core import words
from forty2.core.models import AuditEvent
from forty2.records.definition import record_types
from forty2.web import history, registry

SOURCE = Path(__file__).resolve().parents[2] / "forty2"
LITERAL_ACTION = re.compile(r"""audit\.record\(\s*["']([a-z_]+\.[a-z_]+)["']|(?:audit_action|_record)\(?\s*=?\s*"""
                            r"""["']([a-z_]+\.[a-z_]+)["']""")
STANDARD = ("create", "update", "delete", "import")
#: the object an event of each non-record subject names (``audit.record(..., obj=...)`` in its service)
OBJECT_TYPES = {"ai_act": "aisystem", "risk_profile": "aisystem", "membership": "membership",
                "api_token": "apitoken", "auth": "user", "user": "user", "organization": "organization",
                "invitation": "invitation", "job": "job", "catalog": "catalog", "requirement_status": "requirement",
                "soa": "statementofapplicability"}


def _source_actions() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        for match in LITERAL_ACTION.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found


def every_action() -> dict[str, str]:
    """{action: object_type} for everything the system records."""
    actions: dict[str, str] = {}
    for rt in record_types():
        verbs = STANDARD + (("archive", "restore") if rt.archivable else ()) + ("approve",)
        for verb in verbs:
            actions[f"{rt.name}.{verb}"] = rt.object_type
    types = {rt.name: rt.object_type for rt in record_types()}
    for action in set(registry.PHRASES) | _source_actions():
        prefix = action.split(".", 1)[0]
        actions.setdefault(action, OBJECT_TYPES.get(prefix) or types.get(prefix) or prefix.replace("_", ""))
    return actions


def _event(action, object_type, repr_="Sepsis score"):
    return AuditEvent(action=action, object_type=object_type, object_id="7", object_repr=repr_,
                      actor_label="system", changes={})


BAD_ARTICLE = re.compile(r"\b(an?) ([\w’'/-]+)", re.I)


def problems(sentence: str) -> list[str]:
    found = []
    for art, word in BAD_ARTICLE.findall(sentence):
        if art.lower() != words.article(word):
            found.append(f"'{art} {word}'")
    tokens = re.findall(r"[\w’'/-]+", sentence.lower())
    pairs = [" ".join(tokens[i:i + 2]) for i in range(len(tokens) - 1)]
    doubled = {p for p in pairs if pairs.count(p) > 1}
    if doubled:
        found.append(f"doubled {sorted(doubled)}")
    if re.search(r"\b((?:\w+ ){1,3})this \1", sentence + " ") or re.search(
            r"\b(the|a|an|this) (the|a|an|this)\b", sentence, re.I):
        found.append("the record named twice")
    this = re.search(r"\bthis ([\w ]+?)\W*$", sentence)
    said = sentence.split(" ", 1)[-1][:this.start() - len(sentence)] if this else ""  # without the actor
    if this and re.search(rf"\b{this.group(1).split()[-1]}\b", said, re.I):
        found.append(f"'{this.group(1).split()[-1]}' twice")
    if not sentence[:1].isupper():
        found.append("no capital at the start")
    if not sentence.endswith(".") or sentence.endswith("..") or re.search(r"\s[.,]|\(\)|\{\}|\s\s", sentence):
        found.append("no clean end")
    if re.search(r"\b(of|the|a|an|to|into|by)\.$", sentence):
        found.append("ends on a small word")
    if "_" in sentence:
        found.append("a code shows")
    return found


def test_the_enumeration_covers_every_kind_of_event():
    actions = every_action()
    for expected in ("soa_entry.update", "impact_assessment.approve", "ai_system.archive", "ai_system.restore",
                     "evidence_request.fulfil", "risk.accept", "membership.create", "job.fail", "auth.login"):
        assert expected in actions
    assert len(actions) > 80


@pytest.mark.django_db
@pytest.mark.parametrize("action, object_type", sorted(every_action().items()))
def test_every_event_reads_as_a_sentence_in_the_log_and_on_its_page(action, object_type):
    for name in ("Sepsis score", ""):  # an event without a stored name reads cleanly too
        event = _event(action, object_type, name)
        for show_object in (True, False):
            sentence = history.full_sentence(event, {}, show_object)
            assert not problems(sentence), (action, name, show_object, sentence, problems(sentence))


@pytest.mark.parametrize("action, object_type, on_page", [
    ("soa_entry.update", "soaentry", "System changed this SoA entry."),
    ("impact_assessment.approve", "impactassessment", "System approved this impact assessment."),
    ("evidence_request.fulfil", "evidencerequest", "System fulfilled this evidence request."),
    ("soa_entry.reject_inference", "soaentry", "System rejected this inferred entry."),
    ("risk.accept", "risk", "System accepted the residual risk."),
])
def test_on_the_records_own_page_it_is_this_record_once(action, object_type, on_page):
    assert history.full_sentence(_event(action, object_type), {}, False) == on_page


def test_in_the_log_the_record_is_named_with_its_kind():
    assert history.event_sentence(_event("impact_assessment.approve", "impactassessment", "Triage FRIA")) == \
        "approved the impact assessment Triage FRIA"
    assert history.event_sentence(_event("soa_entry.update", "soaentry", "A.2.2 AI policy")) == \
        "changed the SoA entry A.2.2 AI policy"
    imported = _event("risk.import", "risk", "Import of 12 risks from risks.csv")
    assert history.event_sentence(imported) == "imported 12 risks from risks.csv"


@pytest.mark.parametrize("phrase, expected", [
    ("entry", "an"), ("SoA entry", "an"), ("Contributor", "a"), ("AI system", "an"), ("AIMS manager", "an"),
    ("impact assessment", "an"), ("risk", "a"), ("user", "a"), ("hour", "an"), ("EU AI Act tier", "an"),
    ("Owner", "an"), ("External auditor", "an"), ("Viewer", "a"), ("NIST function", "a"), ("ISO/IEC standard", "an"),
])
def test_a_or_an_by_the_first_sound(phrase, expected):
    assert words.article(phrase) == expected


def test_record_types_use_the_same_rule():
    by_name = {rt.name: rt for rt in record_types()}
    assert by_name["soa_entry"].article() == "An"
    assert by_name["ai_system"].article() == "An"
    assert by_name["risk"].article() == "A"
    assert by_name["evidence_request"].article() == "An"
    assert by_name["soa_entry"].noun == "SoA entry" and by_name["evidence_request"].noun == "evidence request"


@pytest.mark.parametrize("bad", ["System changed this so a entry.", "Approved by an Contributor.",
                                 "System approved the impact assessment this impact assessment.",
                                 "System added controls to the this SoA.", "ann changed it", "System changed {}."])
def test_the_grammar_check_catches_what_people_met(bad):
    assert problems(bad)
