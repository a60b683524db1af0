"""The stage 1 readiness list: what a certification body looks at first, in the order it asks (the documented AIMS
reviewed at stage 1 of an ISO/IEC 42001 certification audit).

Each item reads the clause checks of :mod:`forty2.controls.clauses` for the clauses that answer it, never a
declared status: *done* when every check passes, *conflict* when a clause is declared conforming while a check
fails, *missing* when a check fails (or a nonconformity against it is open), *needs review* when only a person can
judge the evidence. The SoA item reads the SoA's approval; the last item also counts open major nonconformities.
"""

from dataclasses import dataclass

from django.urls import reverse

#: (key, title, clause refs, check codes left out) in the order a certification body asks at stage 1
ITEMS = (
    ("scope", "AIMS scope", ("4.3",), ()),
    ("ai_policy", "AI policy", ("5.2",), ()),
    ("risk_assessment", "AI risk methodology and risk assessment", ("6.1.2", "8.2"), ()),
    ("soa", "Statement of Applicability approved", (), ()),
    ("treatment_plan", "AI risk treatment plan", ("6.1.3", "8.3"), ("approved_soa",)),
    ("impact_assessments", "AI system impact assessments", ("6.1.4", "8.4"), ()),
    ("objectives", "AI objectives", ("6.2",), ()),
    ("competence", "Competence", ("7.2",), ()),
    ("document_control", "Control of documented information", ("7.5.2", "7.5.3"), ()),
    ("internal_audit", "An internal audit completed", ("9.2.1", "9.2.2"), ()),
    ("management_review", "A management review held", ("9.3.1", "9.3.2", "9.3.3"), ()),
    ("nonconformities", "Nonconformities under control", ("10.2",), ()),
)

DONE, MISSING, NEEDS_REVIEW, CONFLICT = "done", "missing", "needs_review", "conflict"
LABELS = {DONE: "Done", MISSING: "Missing", NEEDS_REVIEW: "Needs review", CONFLICT: "Conflict"}


@dataclass
class Item:
    key: str
    title: str
    refs: tuple
    state: str
    detail: str
    fix_url: str

    @property
    def state_label(self) -> str:
        return LABELS[self.state]


def items(org, rows, *, soa_approved: bool, soa_stale: bool, open_major: list) -> list[Item]:
    """The stage 1 list from the clause rows and the open major nonconformity blockers readiness already has (no
    query of its own)."""
    by_ref = {row.ref: row for row in rows}
    slug = org.slug
    out = []
    for key, title, refs, skip in ITEMS:
        if key == "soa":
            fix = reverse("controls:soa", args=[slug])
            if not soa_approved:
                out.append(Item(key, title, ("6.1.3",), MISSING, "The SoA has never been approved.", fix))
            elif soa_stale:
                out.append(Item(key, title, ("6.1.3",), MISSING, "The SoA changed since it was approved.", fix))
            else:
                out.append(Item(key, title, ("6.1.3",), DONE, "", ""))
            continue
        present = [by_ref[r] for r in refs if r in by_ref]
        results = [c for row in present for c in row.checks if c.check.code not in skip]
        failing = [c for c in results if c.failed]
        reviewing = [c for c in results if c.needs_review]
        conflict = [row for row in present if row.conflict]
        nonconforming = [row for row in present if row.nonconforming]
        first_page = reverse("controls:clause", args=[slug, refs[0]]) if refs else ""
        if key == "nonconformities" and open_major:
            n = len(open_major)
            out.append(Item(key, title, refs, MISSING, f"{n} major nonconformit{'y is' if n == 1 else 'ies are'} "
                            "open.", open_major[0].fix_url))
        elif conflict:
            row = conflict[0]
            out.append(Item(key, title, refs, CONFLICT, f"{row.ref} is declared {row.declared_status.replace('_', ' ')}"
                            f" but {row.failing[0].gap[0].lower()}{row.failing[0].gap[1:]}",
                            row.failing[0].fix_url or reverse("controls:clause", args=[slug, row.ref])))
        elif failing or nonconforming or not results:
            if failing:
                detail, fix = failing[0].gap, failing[0].fix_url or first_page
            elif nonconforming:
                detail = f"A nonconformity against {nonconforming[0].ref} is open."
                fix = reverse("controls:clause", args=[slug, nonconforming[0].ref])
            else:
                detail, fix = "Nothing checks it yet.", first_page
            out.append(Item(key, title, refs, MISSING, detail, fix))
        elif reviewing:
            out.append(Item(key, title, refs, NEEDS_REVIEW, reviewing[0].gap, reviewing[0].fix_url or first_page))
        else:
            out.append(Item(key, title, refs, DONE, "", ""))
    return out

