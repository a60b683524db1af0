import pytest

from forty2.improvement import services
from forty2.improvement.models import Nonconformity

pytestmark = pytest.mark.django_db

def test_smoke(manager, member):
    f = services.raise_finding(manager, {"title": "No IA", "kind": "major_nc", "requirement_ref": "6.1.4",
                                         "source": "other", "source_note": "walkthrough"})
    assert f.requirement is not None
    nc = Nonconformity.objects.get(finding=f)
    assert nc.severity == "major_nc"
    f2 = services.raise_finding(manager, {"title": "x", "kind": "minor_nc", "requirement_ref": "a.6.2.6",
                                         "source": "other", "source_note": "w"})
    assert f2.soa_entry is not None and f2.requirement_ref == "A.6.2.6"
