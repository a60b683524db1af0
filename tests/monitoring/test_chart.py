"""The metric chart: server-rendered SVG with the target and threshold lines, points whose shape tells the state,
axis labels, a title and description for screen readers; a long series thinned for drawing only (9.1)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from forty2.monitoring import chart, queries, services, status

pytestmark = pytest.mark.django_db


def _series(n, start_value=96.0):
    now = timezone.now()
    return [(now - dt.timedelta(days=n - i), f"{start_value - (i % 17):.2f}") for i in range(n)]


def test_svg_has_lines_shapes_labels_and_words(make_metric, manager):
    metric = make_metric()
    services.add_measurements(manager, metric, [
        {"measured_at": (timezone.now() - dt.timedelta(days=60)).isoformat(), "value": "97"},
        {"measured_at": (timezone.now() - dt.timedelta(days=30)).isoformat(), "value": "88"},
        {"measured_at": (timezone.now() - dt.timedelta(days=1)).isoformat(), "value": "80"}])
    metric.refresh_from_db()
    svg = str(chart.render(metric, queries.series(metric), title_id="c"))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert "<title id=\"c-title\">Alerts reviewed within an hour over time</title>" in svg
    desc = re.search(r'<desc id="c-desc">(.*?)</desc>', svg).group(1)
    assert "3 measurements" in desc and "latest is 80 %" in desc and "Breach 85 %" in desc
    for css in ("chart__limit--target", "chart__limit--warning", "chart__limit--breach"):
        assert css in svg
    assert ">Target 95<" in svg and ">Warning 90<" in svg and ">Breach 85<" in svg
    assert svg.count("<circle") == 1 and svg.count("<rect") == 1 and svg.count("chart__pt--breach") == 1
    assert "<path class=\"chart__pt chart__pt--breach\"" in svg  # a triangle, not only a colour
    assert "chart__xlabel" in svg and "chart__ylabel" in svg
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither


def test_an_empty_metric_says_so(make_metric):
    assert "No measurements" in chart.render(make_metric(), [])


def test_a_thousand_points_are_thinned_for_drawing_but_keep_every_breach_slice_and_the_latest(make_metric):
    metric = make_metric()
    rows = _series(1000)
    rows[500] = (rows[500][0], "10")  # one deep breach in the middle
    svg = str(chart.render(metric, rows))
    markers = svg.count("chart__pt ")
    assert markers <= chart.MAX_POINTS + 1 and "of 1000 points drawn" in svg
    assert ">10 %" not in svg and "10 % (breach)" in svg  # the breach point is kept, with its words
    assert status.of(metric, rows[-1][1]) in ("ok", "warning", "breach")
