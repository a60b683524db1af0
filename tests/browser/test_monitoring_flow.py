"""Objectives and monitoring in a real browser (ISO/IEC 42001 9.1; issue #17 Done-when): an AIMS manager enters a
batch of measurements on a metric's page, sees the chart with its target and thresholds, and the breach alert on
the page and in My work. No Content-Security-Policy violation on the way."""

import datetime as dt
import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.monitoring import faces
from forty2.monitoring.definitions import METRIC
from forty2.monitoring.models import Measurement
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_enter_a_batch_see_the_chart_and_the_breach_alert(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    metric = faces.METRIC_ACCESS.do_create(METRIC, manager, {
        "name": "Sepsis cases missed", "unit": "%", "frequency": "monthly", "direction": "lower_is_better",
        "target_value": "5", "warning_threshold": "8", "breach_threshold": "10", "method": "Chart audit",
        "data_source": "Audit sample"})
    driver = browser_for(manager.user)
    driver.get(f"{driver.base}/o/acme/objectives/metrics/{metric.pk}/")
    today = dt.date.today()
    values = ["4.5", "6", "8.5", "11.5"]
    for i, value in enumerate(values):
        day = today - dt.timedelta(days=30 * (len(values) - i))
        driver.find_element(By.ID, f"measured_at_{i}").send_keys(day.isoformat())
        driver.find_element(By.ID, f"value_{i}").send_keys(value)
    driver.find_element(By.ID, "note_3").send_keys("Six post-operative cases missed")
    button = driver.find_element(By.CSS_SELECTOR, "form.measure-form button[type=submit]")
    button.click()
    WebDriverWait(driver, 20).until(lambda d: "4 measurements" in d.page_source)
    assert Measurement.objects.filter(metric=metric).count() == 4
    alert = driver.find_element(By.CSS_SELECTOR, ".alert-breach")
    assert "Breach" in alert.text and "11.5" in alert.text and alert.get_attribute("role") == "alert"
    svg = driver.find_element(By.CSS_SELECTOR, "svg.chart")
    assert svg.find_elements(By.CSS_SELECTOR, ".chart__limit--target line")
    assert svg.find_elements(By.CSS_SELECTOR, ".chart__limit--breach line")
    assert len(svg.find_elements(By.CSS_SELECTOR, ".chart__pt--breach")) == 1  # a triangle
    assert len(svg.find_elements(By.CSS_SELECTOR, ".chart__pt--warning")) == 1  # a square
    # the stylesheet applies (classes, not inline styles): the breach line is dotted
    dash = driver.execute_script("return getComputedStyle(document.querySelector("
                                 "'.chart__limit--breach line')).strokeDasharray")
    assert dash and dash != "none"
    if os.environ.get("FORTY2_SCREENSHOTS"):
        driver.save_screenshot(os.path.join(os.environ["FORTY2_SCREENSHOTS"], "metric.png"))
    driver.get(f"{driver.base}/my-work/")
    assert "Breach: Sepsis cases missed is 11.5 %" in driver.page_source
    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not violations, violations
