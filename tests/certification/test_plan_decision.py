"""The project plan's "certification decision" actual reads the certification record's decision date (wired by
forty2/planning/apps.py through forty2/planning/actuals.py ``register_decision``)."""

import pytest

from forty2.certification import services
from forty2.planning import actuals

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def test_the_plan_decision_actual_is_the_recorded_decision_date(acme, manager, ready):
    assert actuals.actuals(acme)["decision"] is None  # no decision recorded yet: no actual date
    services.record_event(manager, "decision", date=days_ago(5), certificate_number="AIMS-7")
    assert actuals.actuals(acme)["decision"] == days_ago(5)


def test_the_decision_actual_is_the_organisations_own(acme, manager, ready, globex):
    services.record_event(manager, "decision", date=days_ago(5), certificate_number="AIMS-7")
    assert actuals.actuals(globex)["decision"] is None
