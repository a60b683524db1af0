"""Every list page is paged with the shared pager (issue #15: the NIST crosswalk page was 50,907 px tall): a page
shows at most ``PAGE_SIZE`` rows, the pager reaches the rest, and a filter in the URL stays in the pager's links
(ISO/IEC 42001 7.5.3: records stay retrievable however many there are)."""

import datetime as dt
import re

import pytest

from forty2.evidence import services as evidence_services
from forty2.inventory.models import AISystem
from forty2.risk import runs
from forty2.tenancy.models import Role
from forty2.web.listing import PAGE_SIZE
from tests.web import fixtures

pytestmark = pytest.mark.django_db
web_as = fixtures.web_as


def rows_on(client, url, pattern):
    """(the distinct matches of ``pattern`` on the page, the page's HTML)."""
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    html = r.content.decode()
    return list(dict.fromkeys(re.findall(pattern, html))), html


def assert_paged(client, url, pattern, total):
    """Page 1 holds PAGE_SIZE rows, page 2 the rest; together every row once; the pager links both ways."""
    first, html = rows_on(client, url, pattern)
    assert len(first) == PAGE_SIZE, (url, len(first))
    pages = -(-total // PAGE_SIZE)
    assert f"Page 1 of {pages}" in html and 'rel="next"' in html
    joiner = "&" if "?" in url else "?"
    second, html2 = rows_on(client, f"{url}{joiner}page=2", pattern)
    assert 0 < len(second) <= PAGE_SIZE and "Page 2 of" in html2 and 'rel="prev"' in html2
    assert not set(first) & set(second)
    return first, second, html


def test_the_crosswalk_is_paged_and_keeps_its_filter(web_as):
    client = web_as(Role.VIEWER)
    url = "/o/acme/catalog/mappings/nist-ai-rmf-1.0/iso-iec-42001-2023/"
    pattern = r'<tr>\s*<td class="cell-name"><a href="(/o/acme/catalog/nist-ai-rmf-1.0/[^"]+)"'
    html = client.get(url).content.decode()
    total = int(re.search(r"<strong>(\d+)</strong> rows", html).group(1))
    assert total > 2 * PAGE_SIZE  # the crosswalk that used to be one very long page
    assert len(re.findall(r"<tr>\s*<td class=\"cell-name\">", html)) == PAGE_SIZE
    assert f"Page 1 of {-(-total // PAGE_SIZE)}" in html

    filtered = client.get(url + "?relationship=related").content.decode()  # every NIST row is "related"
    assert re.search(r"<strong>(\d+)</strong> rows", filtered).group(1) == str(total)
    assert 'href="?relationship=related&amp;page=2"' in filtered  # the next page keeps the filter
    page2 = client.get(url + "?relationship=related&page=2").content.decode()
    assert "Page 2 of" in page2 and 'href="?relationship=related&amp;page=1"' in page2
    assert set(re.findall(pattern, page2)).isdisjoint(re.findall(pattern, filtered))
    assert "No row matches." in client.get(url + "?relationship=equivalent").content.decode()
    assert re.findall(pattern, html)


def test_the_evidence_list_is_paged_and_keeps_the_search(web_as):
    client = web_as(Role.OWNER)
    for n in range(PAGE_SIZE + 5):
        evidence_services.add_link_evidence(client.membership, {"title": f"Report {n:02d}",
                                                                "url": f"https://docs.example/{n}"})
    evidence_services.add_link_evidence(client.membership, {"title": "Other", "url": "https://docs.example/o"})
    first, second, _ = assert_paged(client, "/o/acme/evidence/?q=Report", r'href="/o/acme/evidence/(\d+)/"',
                                    PAGE_SIZE + 5)
    assert len(first) + len(second) == PAGE_SIZE + 5  # "Other" does not match the search on either page
    html = client.get("/o/acme/evidence/?q=Report").content.decode()
    assert 'href="?q=Report&amp;page=2"' in html and "<strong>30</strong> pieces of evidence" in html


def test_evidence_requests_are_paged(web_as):
    client = web_as(Role.OWNER)
    due = dt.date.today() + dt.timedelta(days=30)
    for n in range(PAGE_SIZE + 2):
        evidence_services.request_evidence(client.membership, {"title": f"Request {n:02d}", "due_date": due})
    first, second, _ = assert_paged(client, "/o/acme/evidence/requests/",
                                    r"<td><a href=\"[^\"]+\">(Request \d+)</a></td>", PAGE_SIZE + 2)
    assert len(second) == 2


def test_people_are_paged_and_a_refused_change_shows_on_its_rows_page(web_as, member):
    client = web_as(Role.OWNER)
    people = [member(Role.VIEWER, email=f"person{n:02d}@acme.example") for n in range(PAGE_SIZE + 3)]
    first, second, _ = assert_paged(client, "/o/acme/members/",
                                    r'<th scope="row" class="cell-person"><span title="([^"]+)"', PAGE_SIZE + 4)
    assert len(first) + len(second) == PAGE_SIZE + 4  # the owner too
    last = people[-1]  # on page 2: an external auditor without an end date is refused, next to that row
    r = client.post("/o/acme/members/", {"action": "role", "membership": str(last.pk),
                                         f"m{last.pk}-role": Role.EXTERNAL_AUDITOR, f"m{last.pk}-expires_at": ""})
    html = r.content.decode()
    assert "needs an expiry date" in html and f'id="id_m{last.pk}-expires_at_error"' in html
    assert "Page 2 of 2" in html


def test_the_risk_profile_lists_systems_in_operation_page_by_page(web_as):
    client = web_as(Role.OWNER)
    for n in range(PAGE_SIZE + 1):
        fixtures.make_system(client.membership, f"System {n:02d}", lifecycle_stage="operation_monitoring")
    assert AISystem.objects.count() == PAGE_SIZE + 1
    first, second, _ = assert_paged(client, "/o/acme/risk-profile/", r'href="/o/acme/ai-systems/(\d+)/"',
                                    PAGE_SIZE + 1)
    assert len(second) == 1


def test_risk_assessments_are_paged_not_cut(web_as):
    client = web_as(Role.OWNER)
    for n in range(PAGE_SIZE + 1):
        runs.create_run(client.membership, {"title": f"Assessment {n:02d}",
                                            "performed_on": dt.date(2026, 1, 1) + dt.timedelta(days=n)})
    first, second, _ = assert_paged(client, "/o/acme/risks/assessments",
                                    r'href="/o/acme/risks/assessments/(\d+)/"', PAGE_SIZE + 1)
    assert len(second) == 1
