"""The rules of the certification project estimator, kept as data (issue #19, item 7).

How an estimate is made (:func:`forty2.planning.estimator.estimate` reads only this module):

1. Every phase starts from :data:`BASE_WEEKS`: a small organisation (a handful of AI systems, low risk, a few
   dozen people) with no management system in place yet. Their sum, 17 weeks, is about four months.
2. Each rule of :data:`RULES` looks at one figure of the organisation's profile (:data:`FACTORS` says what each
   figure is and where it comes from). A rule applies when the figure is ``at_least`` its threshold (numbers and
   shares) or ``equals`` its value (words and yes/no), and when none of the rules named in ``unless`` applied
   before it (rules are read in order). An applying rule adds (or, negative, removes) the weeks in ``add`` to each
   named phase, and its ``reason`` — in plain words, ``{value}`` replaced by the figure — is shown next to the
   estimate of every phase it changed.
3. No phase is shorter than :data:`MIN_WEEKS`. The certification body's decision follows stage 2 after
   :data:`DECISION_WEEKS`; that gives the expected certification date.

Calibration (tests/planning/test_estimator.py): a small organisation with low-risk AI and ISO/IEC 27001 in place
comes out at 13 weeks (about three months); with ISO 9001 instead at 15; without either at 17; a large one
with high-risk systems, many AI systems in production and no management system at 47 weeks (about eleven months).

Change a figure here, not the code; the tests say whether the calibration still holds.
"""

#: the phases of the path to certification, in order, with their names
PHASES = (
    ("gap_assessment", "Gap assessment"),
    ("documentation", "Documentation"),
    ("implementation", "Implementation"),
    ("internal_audit_review", "Internal audit and management review"),
    ("stage1", "Stage 1 audit"),
    ("stage2", "Stage 2 audit"),
)

#: weeks per phase for a small organisation with low-risk AI and no management system yet
BASE_WEEKS = {
    "gap_assessment": 2,
    "documentation": 4,
    "implementation": 5,
    "internal_audit_review": 3,
    "stage1": 1,
    "stage2": 2,
}

#: the reason shown for the base figure of every phase
BASE_REASON = "Starting point for a small organisation with low-risk AI: {weeks}."

MIN_WEEKS = 1

#: weeks from the end of stage 2 to the certification body's decision
DECISION_WEEKS = 4

#: the figures of the profile the rules read (name: what it is, where it comes from)
FACTORS = {
    "systems": "AI systems in the AIMS scope (the register: in scope, not archived or retired)",
    "highest_tier": "the highest EU AI Act tier among them (the classification): prohibited, high_risk, "
                    "limited_risk, minimal_risk, out_of_scope or unclassified",
    "unclassified": "in-scope AI systems without an EU AI Act classification",
    "high_risks": "risks of the register rated high or critical (residual once scored, else inherent)",
    "production_share": "share of in-scope AI systems deployed or in operation (life cycle stage)",
    "automated_share": "share of in-scope AI systems that run fully automated or with a person only on the loop",
    "people": "people in scope (the people register: not archived, not left)",
    "runs_iso27001": "an ISO/IEC 27001 management system in place (a declared certificate on the plan, or at "
                     "least half of its requirements assessed conforming in the catalog)",
    "runs_iso9001": "an ISO 9001 quality management system in place (the same way)",
}

#: the rules, read in order; see the module's docstring
RULES = [
    {"key": "systems_several", "factor": "systems", "at_least": 6,
     "add": {"gap_assessment": 1, "documentation": 1, "implementation": 2},
     "reason": "{value} AI systems in scope: more systems to assess, document and bring under control."},
    {"key": "systems_many", "factor": "systems", "at_least": 20,
     "add": {"gap_assessment": 1, "documentation": 1, "implementation": 3, "internal_audit_review": 1, "stage2": 1},
     "reason": "{value} AI systems in scope: a large register takes longer to cover and the auditors sample more."},
    {"key": "tier_prohibited", "factor": "highest_tier", "equals": "prohibited",
     "add": {"gap_assessment": 1, "implementation": 4},
     "reason": "A system is classified as a prohibited practice under the EU AI Act: it must be stopped or "
               "changed before certification."},
    {"key": "tier_high", "factor": "highest_tier", "equals": "high_risk",
     "add": {"documentation": 2, "implementation": 4, "internal_audit_review": 1, "stage2": 1},
     "reason": "At least one high-risk system under the EU AI Act: impact assessments, human oversight and "
               "technical documentation take longer and are audited closely."},
    {"key": "tier_limited", "factor": "highest_tier", "equals": "limited_risk", "add": {"documentation": 1},
     "reason": "Limited-risk systems under the EU AI Act: transparency notices to write and publish."},
    {"key": "unclassified", "factor": "unclassified", "at_least": 1, "add": {"gap_assessment": 1},
     "reason": "{value} AI systems still without an EU AI Act classification: classify them during the gap "
               "assessment."},
    {"key": "high_risks", "factor": "high_risks", "at_least": 1, "add": {"implementation": 2},
     "reason": "{value} risks rated high or critical: they need treatment or a valid acceptance before stage 2."},
    {"key": "in_production", "factor": "production_share", "at_least": 0.5, "add": {"implementation": 1},
     "reason": "{value:.0%} of the AI systems in scope are deployed or in operation: controls must work in live "
               "operation, with records to show it."},
    {"key": "automated", "factor": "automated_share", "at_least": 0.3, "add": {"implementation": 1},
     "reason": "{value:.0%} of the AI systems in scope decide without a person approving each output: oversight "
               "and monitoring need more work."},
    {"key": "people_many", "factor": "people", "at_least": 50,
     "add": {"documentation": 1, "implementation": 1},
     "reason": "{value} people in scope: more roles, training and awareness to organise."},
    {"key": "people_large", "factor": "people", "at_least": 250,
     "add": {"implementation": 2, "internal_audit_review": 1, "stage2": 1},
     "reason": "{value} people in scope: a large organisation needs more audit days and longer roll-out."},
    {"key": "iso27001", "factor": "runs_iso27001", "equals": True,
     "add": {"documentation": -2, "implementation": -1, "internal_audit_review": -1},
     "reason": "ISO/IEC 27001 is already in place: document control, internal audit, management review and "
               "corrective action extend to the AIMS instead of starting from nothing."},
    {"key": "iso9001", "factor": "runs_iso9001", "equals": True, "unless": ("iso27001",),
     "add": {"documentation": -1, "internal_audit_review": -1},
     "reason": "ISO 9001 is already in place: document control, internal audit and management review extend to "
               "the AIMS."},
]
