import pytest

from forty2.monitoring import faces
from forty2.monitoring.definitions import METRIC, OBJECTIVE
from forty2.tenancy.models import Role


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


@pytest.fixture
def make_metric(manager):
    def make(membership=None, **data):
        membership = membership or manager
        values = {"name": "Alerts reviewed within an hour", "frequency": "monthly", "direction": "higher_is_better",
                  "unit": "%", "target_value": "95", "warning_threshold": "90", "breach_threshold": "85",
                  "method": "Share of alerts with a review time under 60 minutes.", "data_source": "Alert log",
                  **data}
        return faces.METRIC_ACCESS.do_create(METRIC, membership, values)
    return make


@pytest.fixture
def make_objective(manager):
    def make(membership=None, **data):
        values = {"title": "Timely review of sepsis alerts", **data}
        return faces.OBJECTIVE_ACCESS.do_create(OBJECTIVE, membership or manager, values)
    return make
