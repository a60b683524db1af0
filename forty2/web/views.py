"""Layout-level pages: portfolio (home), organisation dashboard, members, API tokens, audit log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forty2.accounts import services as account_services
from forty2.accounts.models import ApiToken
from forty2.core.errors import Forty2Error, InvalidInput
from forty2.core.queries import org_events
from forty2.inventory.models import AISystem, LifecycleStage
from forty2.tenancy import services as tenancy_services
from forty2.tenancy.models import Membership, Role
from forty2.tenancy.roles import can

from .decorators import org_view


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    """A consultant's portfolio when the user belongs to several organisations; else straight to the one."""
    memberships = list(Membership.objects.active().filter(user=request.user).select_related("organization")
                       .order_by("organization__name"))
    if len(memberships) == 1:
        return redirect("web:dashboard", org=memberships[0].organization.slug)
    # One aggregate query for every organisation, not two per row.
    counts = {row["organization"]: row for row in (
        AISystem.objects.filter(organization__in=[m.organization for m in memberships], archived_at__isnull=True)
        .values("organization")
        .annotate(systems=Count("id"), in_review=Count("id", filter=Q(status="under_review"))))}
    rows = [{"membership": m, "systems": counts.get(m.organization_id, {}).get("systems", 0),
             "in_review": counts.get(m.organization_id, {}).get("in_review", 0)} for m in memberships]
    return render(request, "web/portfolio.html", {"rows": rows})


@org_view()
def dashboard(request, membership):
    org = membership.organization
    systems = AISystem.objects.for_org(org).filter(archived_at__isnull=True)
    per_stage = dict(systems.order_by().values_list("lifecycle_stage").annotate(n=Count("id")))
    by_stage = [(value, label, per_stage.get(value, 0)) for value, label in LifecycleStage.choices]
    context = {
        "total": sum(per_stage.values()),
        "by_stage": by_stage,
        "awaiting_approval": systems.filter(status="under_review").order_by("updated_at")[:10],
        "recent": org_events(org)[:8] if can(membership, "view_audit_log") else None,
    }
    return render(request, "web/dashboard.html", context)


class MemberForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=Role.choices,
                             help_text="What the person may do (ISO/IEC 42001 5.3 roles and authorities).")
    expires_at = forms.DateTimeField(label="Access ends", required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     help_text="Required for external auditors: their access ends then.")


@org_view()
def members(request, membership):
    org = membership.organization
    form = MemberForm(request.POST or None)
    may_manage = can(membership, "manage_members")
    if request.method == "POST":
        if not may_manage:
            raise Http404
        action = request.POST.get("action", "add")
        try:
            if action == "remove":
                target_id = request.POST.get("membership", "")
                if not target_id.isdigit() or len(target_id) > 18:
                    raise Membership.DoesNotExist
                target = Membership.objects.get(organization=org, pk=int(target_id))
                tenancy_services.remove_member(target, actor=request.user, actor_membership=membership)
                messages.success(request, f"{target.user.email} no longer has access.")
                return redirect("web:members", org=org.slug)
            if form.is_valid():
                m = tenancy_services.add_member(org, actor=request.user, actor_membership=membership,
                                                **form.cleaned_data)
                messages.success(request, f"{m.user.email} added as {m.get_role_display()}.")
                return redirect("web:members", org=org.slug)
        except InvalidInput as exc:
            for error in exc.errors:
                form.add_error(error["loc"][-1] if error["loc"][-1] in form.fields else None, error["msg"])
        except (Forty2Error, Membership.DoesNotExist) as exc:
            messages.error(request, getattr(exc, "message", "No such member."))
    people = Membership.objects.filter(organization=org).select_related("user").order_by("user__email")
    return render(request, "web/members.html", {"people": people, "form": form, "may_manage": may_manage})


@org_view("view_audit_log")
def audit_log(request, membership):
    org = membership.organization
    filters = {k: request.GET.get(k) or None for k in ("action", "object_type", "object_id", "actor")}
    page = Paginator(org_events(org, **filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/audit_log.html", {"page": page, "filters": filters, "query": query.urlencode()})


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. 'CI deployment gate'.")
    expires_in_days = forms.IntegerField(min_value=1, max_value=365, initial=90, label="Valid for (days)")


@org_view("create_api_token")
def tokens(request, membership):
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = account_services.create_token(user=request.user, organization=membership.organization,
                                                    **form.cleaned_data)
        form = TokenForm()
    mine = ApiToken.objects.filter(user=request.user, organization=membership.organization)
    return render(request, "web/tokens.html", {"form": form, "raw": raw, "tokens": mine})


@require_POST
@org_view("create_api_token")
def revoke_token(request, membership, pk):
    token = ApiToken.objects.filter(user=request.user, organization=membership.organization, pk=pk).first()
    if token is None:
        raise Http404
    account_services.revoke_token(token, actor=request.user)
    messages.success(request, f"Token {token.prefix}… revoked.")
    return redirect("web:tokens", org=membership.organization.slug)


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
