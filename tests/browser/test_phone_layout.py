"""Every main list and record page of the demo organisation is usable on a 390 px phone without the page
scrolling sideways (issue #15: the SoA was 890 px wide and a risk page scrolled sideways). Tables read as
cards, a matrix (the heat map) scrolls inside its own box, long words wrap, forms fit, the section menu folds
into one button. Serves ISO/IEC 42001 7.4 and 7.5.3 (the AIMS and its records reachable by the people who
need them, wherever they are)."""

import pytest
from selenium.webdriver.common.by import By

from forty2 import demo
from forty2.accounts.models import User
from forty2.catalog.models import Requirement
from forty2.controls.models import SoAEntry
from forty2.evidence.models import Evidence
from forty2.incidents.models import Concern, Incident
from forty2.inventory.models import AIModel, AISystem, Dataset, Supplier
from forty2.monitoring.models import Metric, Objective
from forty2.people.models import Person
from forty2.risk.models import ImpactAssessment, Risk, RiskAssessmentRun
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db(transaction=True)

#: the outermost element that sticks out past the viewport's right edge, the one reaching furthest, leaving out
#: what a box that scrolls (or clips) by itself holds: a description for the failure message
WIDEST = """
var width = Math.min(window.innerWidth, document.documentElement.clientWidth), found = null, reach = 0;
var contained = function (el) {
  for (var up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== 'visible') { return true; }
  }
  return false;
};
document.querySelectorAll('body *').forEach(function (el) {
  var box = el.getBoundingClientRect();
  if (box.width === 0 || box.right <= width + 0.5) { return; }
  var parent = el.parentElement && el.parentElement.getBoundingClientRect();
  if (parent && parent.right > width + 0.5) { return; }  // its parent sticks out too: report the parent
  if (box.right - width > reach && !contained(el)) { found = el; reach = box.right - width; }
});
if (!found) { return 'no single element (check margins)'; }
var name = function (el) {
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
};
var path = [], up = found;
for (var i = 0; up && up !== document.body && i < 4; i++, up = up.parentElement) { path.unshift(name(up)); }
var box = found.getBoundingClientRect();
return path.join(' > ') + ' [' + Math.round(box.left) + '..' + Math.round(box.right) + ' px] "' +
  (found.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60) + '"';
"""


def demo_pages() -> list[str]:
    """The main list and record pages of Acme Health, one record of each kind (the fullest where it matters)."""
    org = Organization.objects.get(slug="acme-health")
    o = f"/o/{org.slug}"
    system = AISystem.objects.for_org(org).get(name="Sepsis early-warning score")
    risk = Risk.objects.for_org(org).order_by("-pk").filter(actions__isnull=False).first() or \
        Risk.objects.for_org(org).first()
    ia = ImpactAssessment.objects.for_org(org).order_by("pk").first()
    run = RiskAssessmentRun.objects.for_org(org).order_by("-performed_on").first()
    entry = SoAEntry.objects.for_org(org).order_by("ref").first()
    evidence = Evidence.objects.for_org(org).order_by("pk").first()
    person = Person.objects.for_org(org).filter(user__email="aims.manager@acme.example").first()
    metric = Metric.objects.for_org(org).filter(name__startswith="Sepsis cases missed").first() or \
        Metric.objects.for_org(org).first()
    nist = Requirement.objects.filter(framework__slug="nist-ai-rmf-1.0", assessable=True).order_by("position").first()
    return [
        "/", "/my-work/", "/profile/", f"{o}/", f"{o}/risk-profile/",
        f"{o}/ai-systems/", f"{o}/ai-systems/{system.pk}/", f"{o}/ai-systems/{system.pk}/edit", f"{o}/ai-systems/new",
        f"{o}/ai-systems/{system.pk}/ai-act/", f"{o}/ai-systems/import",
        f"{o}/ai-systems/models/", f"{o}/ai-systems/models/{AIModel.objects.for_org(org).first().pk}/",
        f"{o}/ai-systems/datasets/", f"{o}/ai-systems/datasets/{Dataset.objects.for_org(org).first().pk}/",
        f"{o}/ai-systems/suppliers/", f"{o}/ai-systems/suppliers/{Supplier.objects.for_org(org).first().pk}/",
        f"{o}/risks/", f"{o}/risks/{risk.pk}/", f"{o}/risks/{risk.pk}/edit", f"{o}/risks/new", f"{o}/risks/heatmap",
        f"{o}/risks/library", f"{o}/risks/methodology", f"{o}/risks/assessments", f"{o}/risks/assessments/{run.pk}/",
        f"{o}/risks/impact-assessments", f"{o}/risks/impact-assessments/{ia.pk}/",
        f"{o}/risks/impact-assessments/{ia.pk}/edit",
        f"{o}/controls/", f"{o}/controls/{entry.ref}/", f"{o}/controls/clauses/", f"{o}/controls/clauses/9.2.2/",
        f"{o}/controls/readiness/", f"{o}/controls/versions/",
        f"{o}/evidence/", f"{o}/evidence/{evidence.pk}/", f"{o}/evidence/new", f"{o}/evidence/requests/",
        f"{o}/members/", f"{o}/audit-log/", f"{o}/jobs/", f"{o}/tokens/",
        f"{o}/catalog/", f"{o}/catalog/nist-ai-rmf-1.0/", f"{o}/catalog/nist-ai-rmf-1.0/{nist.ref}/",
        f"{o}/catalog/mappings/nist-ai-rmf-1.0/iso-iec-42001-2023/",
        # people, competence, training (#17)
        f"{o}/people/", f"{o}/people/{person.pk}/", f"{o}/people/roles/", f"{o}/people/assignments/",
        f"{o}/people/raci/", f"{o}/competence/", f"{o}/competence/roles/", f"{o}/training/records/",
        f"{o}/training/awareness/", f"{o}/training/ai-literacy/", f"{o}/training/ai-literacy/{system.pk}/",
        f"{o}/training/people/{person.pk}/",
        # objectives and monitoring, concerns and incidents (#17)
        f"{o}/objectives/", f"{o}/objectives/{Objective.objects.for_org(org).order_by('pk').first().pk}/",
        f"{o}/objectives/metrics/", f"{o}/objectives/metrics/{metric.pk}/",
        f"{o}/incidents/", f"{o}/incidents/{Incident.objects.for_org(org).order_by('pk').first().pk}/",
        f"{o}/incidents/concerns/", f"{o}/incidents/concerns/{Concern.objects.for_org(org).order_by('pk').first().pk}/",
        f"/c/{org.slug}/",
        f"{o}/reports/",  # reports (#20)
    ]


@pytest.fixture
def phone(browser_for):
    demo.build(password="phone-demo-password-42")
    return browser_for(User.objects.get(email="admin@acme.example"), phone=True)


def test_no_main_page_scrolls_sideways_on_a_390_px_phone(phone):
    assert phone.execute_script("return [window.innerWidth, document.documentElement.clientWidth]") == [390, 390]
    too_wide = []
    for path in demo_pages():
        phone.get(phone.base + path)
        assert "Sign in" not in phone.title and "Not found" not in phone.title, (path, phone.title)
        page, view = phone.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        if page > view:
            too_wide.append(f"{path}: {page} px wide in a {view} px viewport; widest: "
                            f"{phone.execute_script(WIDEST)}")
    assert not too_wide, "Pages scroll sideways on a 390 px phone:\n" + "\n".join(too_wide)


def test_on_a_phone_tables_are_labelled_cards_and_the_menu_folds(phone):
    phone.get(phone.base + "/o/acme-health/ai-systems/")
    cells = phone.find_elements(By.CSS_SELECTOR, "table.table tbody tr:first-child td")
    labels = [c.get_attribute("data-label") for c in cells]
    assert "Status" in labels and "Criticality" in labels  # each value under its column's name
    first = phone.find_element(By.CSS_SELECTOR, "table.table tbody tr")
    assert first.value_of_css_property("display") == "block"  # a card, not a row wider than the screen
    sort = phone.find_element(By.CSS_SELECTOR, "table.table thead a.sort")
    assert sort.is_displayed()  # the sort links stay, as a bar above the cards

    menu = phone.find_element(By.CSS_SELECTOR, "details[data-sidenav]")
    link = menu.find_element(By.CSS_SELECTOR, "ul a")
    assert menu.get_attribute("open") is None and not link.is_displayed()  # folded on a phone
    menu.find_element(By.TAG_NAME, "summary").click()
    assert link.is_displayed()
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390

    phone.get(phone.base + "/o/acme-health/risks/heatmap")  # a matrix keeps its shape, inside its own box
    grid = phone.find_element(By.CSS_SELECTOR, "table.heatmap")
    assert grid.value_of_css_property("overflow-x") == "auto"
    assert phone.execute_script("return arguments[0].getBoundingClientRect().right", grid) <= 390
