"""The summary beside an AI system keeps each label with its value at every width: every <dt>/<dd> pair is
wrapped in its own <div>, so the tablet grid places pairs, never loose labels and values."""

import re

from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


def test_each_summary_label_shares_a_box_with_its_value(web_as):
    client = web_as(Role.OWNER)
    system = make_system(client.membership, "Sepsis score", criticality="critical", business_unit="Wards")
    html = client.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    summary = re.search(r'<dl class="summary">(.*?)</dl>', html, re.S).group(1)
    pairs = re.findall(r"<div><dt>([^<]+)</dt><dd>(.*?)</dd></div>", summary, re.S)
    labels = [label for label, _ in pairs]
    assert labels == ["Status", "Life cycle stage", "Criticality", "Business owner", "Technical owner",
                      "Business unit", "Registered", "Last changed"]
    assert summary.count("<dt>") == len(pairs)  # no label outside a pair
    values = dict(pairs)
    assert values["Criticality"] == "Critical" and values["Business unit"] == "Wards"
