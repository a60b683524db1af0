"""The router factory's child records (forty2/records/routes.py ``Parent``): a treatment action reached through its
risk (ISO/IEC 42001 6.1.3 risk treatment) gets list, create, read, patch and delete under the risk's path, scoped
to the risk and the organisation; another risk's action is not found there."""

from types import SimpleNamespace

from django.http import Http404
from ninja import Router
from ninja.testing import TestClient

from forty2.records.routes import Access, Parent, record_routes
from forty2.risk import services
from forty2.risk.definitions import ACTION
from forty2.risk.models import Risk, TreatmentAction
from forty2.tenancy.models import Role


def _risk(org, pk):
    risk = Risk.objects.for_org(org).filter(pk=pk).first()
    if risk is None:
        raise Http404
    return risk


ACCESS = Access(queryset=lambda org: TreatmentAction.objects.for_org(org).select_related("owner"),
                create=lambda m, data, risk: services.add_action(m, risk, data), update=services.update_action,
                delete=services.delete_action, parent=Parent("risks", "risk_pk", _risk, "risk"))


def test_child_records_under_their_parent(member):
    manager = member(Role.OWNER)
    risk = services.create_risk(manager, {"title": "Model drift"})
    other = services.create_risk(manager, {"title": "Data poisoning"})
    router = Router()
    record_routes(router, ACTION, ACCESS, path="actions", schema_prefix="ChildActionTest")
    client = TestClient(router)
    token = SimpleNamespace(organization=manager.organization, membership=manager)
    base = f"acme/risks/{risk.pk}/actions"

    r = client.post(base, json={"title": "Add a drift alert"}, api_token=token)
    assert r.status_code == 201, r.content
    action = TreatmentAction.objects.get()
    assert action.risk == risk and r.json()["title"] == "Add a drift alert"
    assert client.get(base, api_token=token).json()["count"] == 1
    assert client.get(f"acme/risks/{other.pk}/actions", api_token=token).json()["count"] == 0
    assert client.get(f"acme/risks/{other.pk}/actions/{action.pk}", api_token=token).status_code == 404
    assert client.get("acme/risks/999999/actions", api_token=token).status_code == 404
    patched = client.patch(f"{base}/{action.pk}", json={"title": "Alert on drift", "version": 1}, api_token=token)
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert client.delete(f"{base}/{action.pk}", api_token=token).status_code == 204
    assert not TreatmentAction.objects.exists()
