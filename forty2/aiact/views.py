"""Pages of the EU AI Act classification and the risk profile; writes go through :mod:`forty2.aiact.services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput, StaleVersion
from forty2.inventory import queries as inventory_queries
from forty2.inventory.models import AISystem
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors
from forty2.web.listing import paginate

from . import queries, services
from .forms import NONE_LABELS, QuestionnaireForm, SignOffForm
from .labels import ANNEX_III_POINTS, LEVEL_LABELS, TIER_LABELS
from .questions import QUESTIONS

LEVEL_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "incomplete": 4, "": 5}


def _system(membership, pk, *, include_archived=False) -> AISystem:
    try:
        return inventory_queries.ai_system(membership.organization, pk, include_archived=include_archived)
    except AISystem.DoesNotExist:
        raise Http404 from None


def _answered(answers: dict) -> list[tuple[str, str]]:
    """(question, answer) pairs of stored answers, in questionnaire order, as a person reads them."""
    rows = []
    for q in QUESTIONS:
        if q["key"] not in answers:
            continue
        value, labels = answers[q["key"]], dict(q["choices"])
        if isinstance(value, bool):
            text = "Yes" if value else "No"
        elif isinstance(value, list):
            text = "; ".join(labels.get(v, v) for v in value) or "None of these"
        elif value is None:
            text = NONE_LABELS.get(q["key"], "Not known")
        elif q["key"] == "annex_iii_point" and value in ANNEX_III_POINTS:
            text = f"{value}: {ANNEX_III_POINTS[value]}"
        else:
            text = labels.get(value, str(value))
        rows.append((q["label"], text))
    return rows


def _sign_off_state(membership, current) -> tuple[bool, str]:
    """(may sign off, why not) for the current classification."""
    if current is None or current.is_signed_off:
        return False, ""
    if not can(membership, "approve"):
        return False, "An owner or AIMS manager signs off the classification."
    if not services.may_sign_off(membership, current):
        return False, "You stored this classification, so another owner or AIMS manager must sign it off."
    return True, ""


def _result_page(request, membership, system, sign_off_form=None):
    org = membership.organization
    rows = list(queries.classifications(org, system)[:100])
    current = next((c for c in rows if c.is_current), None)
    may_sign_off, sign_off_blocked = _sign_off_state(membership, current)
    if may_sign_off and sign_off_form is None:
        sign_off_form = SignOffForm(initial={"version": current.version})
    return render(request, "aiact/result.html", {
        "system": system, "current": current, "result": current.result if current else None,
        "answered": _answered(current.answers) if current else [], "classifications": rows,
        "may_classify": system.archived_at is None and can(membership, "edit_record", system),
        "may_sign_off": may_sign_off and system.archived_at is None, "sign_off_blocked": sign_off_blocked,
        "sign_off_form": sign_off_form, "nav_active": "ai_systems"})


@org_view()
def result(request, membership, pk):
    """The current classification: tier, reasons, obligations, answers, sign-off and history."""
    return _result_page(request, membership, _system(membership, pk, include_archived=True))


def _editable(membership, pk) -> AISystem:
    system = _system(membership, pk)
    if not can(membership, "edit_record", system):
        if can(membership, "create_record"):
            raise PermissionDenied("Your role may only classify AI systems you own or created.")
        raise PermissionDenied("Your role may read EU AI Act classifications but not change them.")
    return system


@org_view()
def questionnaire(request, membership, pk):
    """The guided questionnaire. "Continue" (or, with JavaScript, any change) shows the questions that are now
    relevant; "Classify" validates, stores and shows the result. Nothing typed is lost on an error."""
    org = membership.organization
    system = _editable(membership, pk)
    current = queries.current(org, system)
    if request.method == "POST":
        saving = request.POST.get("action") == "save"
        form = QuestionnaireForm(request.POST, strict=saving)
        if saving and form.is_valid():
            try:
                row, stored = services.classify_system(membership, system, form.answers(),
                                                       note=form.cleaned_data["note"])
            except Forty2Error as exc:
                add_service_errors(form, exc)
            else:
                if stored:
                    messages.success(request, f"Classified as {TIER_LABELS[row.tier].lower()} "
                                              f"(classification {row.version}).")
                else:
                    messages.info(request, "The answers are the same as the current classification, so nothing "
                                           "new was stored.")
                return redirect("aiact:result", org=org.slug, pk=pk)
    else:
        form = QuestionnaireForm(initial_answers=current.answers if current else None,
                                 note=current.note if current else "")
    return render(request, "aiact/questionnaire.html", {"system": system, "form": form, "current": current,
                                                        "nav_active": "ai_systems"})


@require_POST
@org_view()
def questions(request, membership, pk):
    """HTMX: the questions relevant to the answers posted so far, with the provisional result."""
    system = _editable(membership, pk)
    form = QuestionnaireForm(request.POST)
    return render(request, "aiact/_questions.html", {"system": system, "form": form})


def _replaced_message(membership, system, read_version: int) -> str:
    """Why a sign-off of ``read_version`` was refused: the classification was replaced while it was read."""
    current = queries.current(membership.organization, system)
    if current is None:
        return "This AI system has no classification to sign off any more."
    what = f"classification {current.version} ({TIER_LABELS[current.tier]})"
    who = current.created_by or "a former member"
    if read_version < current.version:
        return (f"Not signed off: while you were reading, classification {read_version} was replaced by {what} "
                f"by {who}. Please review the new one before signing it off.")
    return f"Not signed off: the current classification is {what} by {who}. Please review it before signing off."


@require_POST
@org_view("approve")
def sign_off(request, membership, pk):
    system = _system(membership, pk)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            row = services.sign_off(membership, system, version=form.cleaned_data["version"],
                                    note=form.cleaned_data["note"])
        except InvalidInput as exc:
            for error in exc.errors:
                form.add_error("note" if error["loc"][-1] == "note" else None, error["msg"])
        except StaleVersion:
            messages.error(request, _replaced_message(membership, system, form.cleaned_data["version"]))
            return redirect("aiact:result", org=membership.organization.slug, pk=pk)
        except Forty2Error as exc:
            messages.error(request, exc.message)
            return redirect("aiact:result", org=membership.organization.slug, pk=pk)
        else:
            messages.success(request, f"Classification {row.version} signed off.")
            return redirect("aiact:result", org=membership.organization.slug, pk=pk)
    return _result_page(request, membership, system, sign_off_form=form)


@org_view()
def org_profile(request, membership):
    """Degree of AI integration and risk: systems in operation by tier and profile level (ISO/IEC 42001 4.1)."""
    org = membership.organization
    systems = sorted(queries.systems_in_operation(org),
                     key=lambda s: (LEVEL_ORDER.get(s.risk_profile_level, 5), s.name.lower()))
    page = paginate(request, systems)  # paged like every list (issue #15)
    for s in page:  # only roles that may classify this system get a "Classify" link
        s.may_classify = can(membership, "edit_record", s)
    profile = queries.org_profile(org)
    # An organisation-wide page reached from the overview, not a page of the register.
    return render(request, "aiact/org_profile.html", {
        "profile": profile, "page": page, "query": "", "nav_active": "overview",
        "tiers": [(k, TIER_LABELS.get(k, "Not classified"), n) for k, n in profile["by_tier"].items()],
        "levels": [(k, LEVEL_LABELS.get(k, "Not derived"), n) for k, n in profile["by_profile_level"].items()]})
