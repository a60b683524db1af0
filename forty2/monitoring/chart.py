"""A metric over time as a server-rendered SVG (ISO/IEC 42001 9.1 analysis and evaluation): no script, no chart
library, nothing inline the Content-Security-Policy forbids (the look is ``monitoring/monitoring.css``).

What it shows without colour: the target as a solid line, the warning threshold dashed, the breach threshold
dotted, each labelled in words at its end; each point's state by its shape (ok a circle, warning a square, breach
a triangle) with a legend; dates along the bottom and values up the side; ``<title>`` and ``<desc>`` say what the
chart shows for screen readers, and the page has the same data as a table.

A long series is thinned for drawing only (at most :data:`MAX_POINTS` markers: per slice of time the lowest, the
highest and the worst point are kept); the metric's state is always read from every measurement.
"""

import datetime as dt
import math
from collections import OrderedDict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import status

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 112, 26, 40
MAX_POINTS = 240
RANK = {status.OK: 0, status.WARNING: 1, status.BREACH: 2}
SHAPE_WORD = {status.OK: "circle", status.WARNING: "square", status.BREACH: "triangle"}


@dataclass(slots=True)
class Point:
    at: dt.datetime
    value: float
    state: str
    t: float = 0.0  # seconds since the epoch


#: (metric id, version, measurements, newest id) -> (svg, table): a metric's page drawn again only when one of
#: them changed (a new or deleted measurement, changed thresholds, name or unit); per process, bounded
_DRAWN: OrderedDict = OrderedDict()
_KEEP = 64


def drawn(metric, key, draw):
    """``draw()``'s (svg, table) for ``metric``, kept while ``key`` holds."""
    full = (metric.pk, metric.version, *key)
    if full in _DRAWN:
        _DRAWN.move_to_end(full)
        return _DRAWN[full]
    found = _DRAWN[full] = draw()
    while len(_DRAWN) > _KEEP:
        _DRAWN.popitem(last=False)
    return found


def thin(points: list[Point], buckets: int = MAX_POINTS // 3) -> list[Point]:
    """At most :data:`MAX_POINTS` points (and the latest), in time order: per slice of time its lowest, highest
    and worst."""
    if len(points) <= MAX_POINTS:
        return points
    start, end = points[0].t, points[-1].t
    span = (end - start) or 1.0
    kept: dict[int, dict[int, Point]] = {}
    for i, p in enumerate(points):
        b = min(int((p.t - start) / span * buckets), buckets - 1)
        slot = kept.setdefault(b, {})
        low = slot.get(-1)
        if low is None or p.value < points[low].value:
            slot[-1] = i
        high = slot.get(-2)
        if high is None or p.value > points[high].value:
            slot[-2] = i
        worst = slot.get(-3)
        if worst is None or RANK[p.state] > RANK[points[worst].state]:
            slot[-3] = i
    keep = sorted({i for slot in kept.values() for i in slot.values()} | {len(points) - 1})
    return [points[i] for i in keep]


def _nice_step(span: float) -> float:
    raw = span / 5 or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= raw:
            return m * magnitude
    return 10 * magnitude


def _fmt(v: float) -> str:
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _months(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Tick dates: the first of each month (or of every n-th month, at most 12 ticks); days for a short span."""
    if (end - start).days < 45:
        step = max(1, (end - start).days // 8 or 1)
        day = dt.datetime.combine(start.date(), dt.time(), tzinfo=start.tzinfo)
        out = []
        while day <= end:
            if day >= start:
                out.append(day)
            day += dt.timedelta(days=step)
        return out
    months = (end.year - start.year) * 12 + end.month - start.month
    every = max(1, -(-months // 12))
    out, y, m = [], start.year, start.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        tick = dt.datetime(y, m, 1, tzinfo=start.tzinfo)
        if tick > end:
            return out
        if (m - 1) % every == 0:
            out.append(tick)


def points_of(metric, rows) -> list[Point]:
    """``rows`` ([(measured_at, value)] oldest first) as points with their state."""
    state = status.classifier(metric)
    return [Point(at, v, state(v), at.timestamp()) for at, v in ((at, float(v)) for at, v in rows)]


def table(metric, points: list[Point]) -> str:
    """The values as table rows, newest first (``<tr>`` elements for the page's table): built here rather than
    in a template loop, so a thousand rows cost a millisecond or two."""
    words = {status.OK: "ok", status.WARNING: "warning", status.BREACH: "breach"}
    zone = timezone.get_current_timezone()
    utc = str(zone) == "UTC"
    out = [f"<tr><td>{(p.at if utc else p.at.astimezone(zone)).isoformat(' ', 'minutes')[:16]}</td>"
           f"<td class=\"num\">{_fmt(p.value)}</td><td>{words[p.state]}</td></tr>" for p in reversed(points)]
    return mark_safe("".join(out))  # nosec B703 B308 - dates, numbers and fixed words only


def render(metric, rows, *, title_id: str = "chart", points: list[Point] | None = None) -> str:
    """The SVG of ``rows`` ([(measured_at, value)] oldest first) for ``metric``."""
    points = points if points is not None else points_of(metric, rows)
    label = escape(metric.name)
    unit = f" {escape(metric.unit)}" if metric.unit else ""
    lines = [(name, float(v), css, word) for name, v, css, word in (
        ("Target", metric.target_value, "target", "solid line"),
        ("Warning", metric.warning_threshold, "warning", "dashed line"),
        ("Breach", metric.breach_threshold, "breach", "dotted line")) if v is not None]
    if not points:
        return mark_safe(  # nosec B703 B308 - every value inside is escaped above
            f'<p class="chart-empty">No measurements of {label} yet: the chart appears with the first one.</p>')
    drawn = thin(points)
    values = [p.value for p in drawn] + [v for _n, v, _c, _w in lines]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    low, high = (low // step) * step, -(-high // step) * step
    t0, t1 = points[0].at, points[-1].at
    if t0 == t1:
        t0, t1 = t0 - dt.timedelta(days=1), t1 + dt.timedelta(days=1)
    span = (t1 - t0).total_seconds()
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(at):
        return LEFT + (at - t0).total_seconds() / span * pw

    def y(v):
        return TOP + (high - v) / (high - low) * ph

    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{title_id}-title {title_id}-desc" xmlns="http://www.w3.org/2000/svg">']
    latest = points[-1]
    desc = (f"{len(points)} measurement{'s' if len(points) != 1 else ''} from {points[0].at:%d %b %Y} to "
            f"{latest.at:%d %b %Y}; the latest is {_fmt(latest.value)}{unit} ({status.LABELS[latest.state].lower()}). "
            + " ".join(f"{n} {_fmt(v)}{unit} ({w})." for n, v, _c, w in lines)
            + " Points: ok a circle, warning a square, breach a triangle.")
    out.append(f'<title id="{title_id}-title">{label} over time</title><desc id="{title_id}-desc">{desc}</desc>')
    out.append('<g class="chart__grid">')
    v, n = low, 0
    while v <= high + step / 1000 and n < 12:
        yy = y(v)
        out.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{yy:.1f}" y2="{yy:.1f}"/>'
                   f'<text class="chart__ylabel" x="{LEFT - 6}" y="{yy + 4:.1f}">{_fmt(v)}</text>')
        v += step
        n += 1
    out.append("</g><g class=\"chart__axis\">")
    out.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{TOP + ph}" y2="{TOP + ph}"/>')
    short = (t1 - t0).days < 45
    for n, tick in enumerate(_months(t0, t1)):
        xx = x(tick)
        text = f"{tick:%d %b}" if short else (f"{tick:%b %Y}" if tick.month == 1 or n == 0 else f"{tick:%b}")
        out.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{TOP + ph}" y2="{TOP + ph + 5}"/>'
                   f'<text class="chart__xlabel" x="{xx:.1f}" y="{TOP + ph + 18}">{text}</text>')
    if metric.unit:
        out.append(f'<text class="chart__unit" x="{LEFT - 6}" y="12">{unit.strip()}</text>')
    out.append("</g>")
    for name, v, css, _word in lines:
        yy = y(v)
        out.append(f'<g class="chart__limit chart__limit--{css}"><line x1="{LEFT}" x2="{LEFT + pw}" y1="{yy:.1f}" '
                   f'y2="{yy:.1f}"/><text x="{LEFT + pw + 6}" y="{yy + 4:.1f}">{name} {_fmt(v)}</text></g>')
    path = " ".join(f"{x(p.at):.1f},{y(p.value):.1f}" for p in drawn)
    out.append(f'<polyline class="chart__line" points="{path}"/>')
    out.append('<g class="chart__points">')
    for p in drawn:
        xx, yy = x(p.at), y(p.value)
        tip = f"<title>{p.at:%d %b %Y %H:%M}: {_fmt(p.value)}{unit} ({status.LABELS[p.state].lower()})</title>"
        if p.state == status.BREACH:
            out.append(f'<path class="chart__pt chart__pt--breach" d="M{xx:.1f},{yy - 6:.1f} L{xx + 6:.1f},'
                       f'{yy + 4.5:.1f} L{xx - 6:.1f},{yy + 4.5:.1f} Z">{tip}</path>')
        elif p.state == status.WARNING:
            out.append(f'<rect class="chart__pt chart__pt--warning" x="{xx - 4:.1f}" y="{yy - 4:.1f}" width="8" '
                       f'height="8">{tip}</rect>')
        else:
            out.append(f'<circle class="chart__pt chart__pt--ok" cx="{xx:.1f}" cy="{yy:.1f}" r="3.5">{tip}</circle>')
    out.append("</g>")
    if len(drawn) < len(points):
        out.append(f'<text class="chart__note" x="{LEFT}" y="{HEIGHT - 4}">{len(drawn)} of {len(points)} '
                   "points drawn (lowest, highest and worst of each period); the table has every value.</text>")
    out.append("</svg>")
    return mark_safe("".join(out))  # nosec B703 B308 - names and units escaped; the rest are numbers and dates
