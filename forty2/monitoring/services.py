"""Writes of objectives, metrics and measurements (ISO/IEC 42001 6.2, 9.1, A.6.2.6).

Objectives and metrics go through the records kit's write path (validated, versioned, audited) with the rules
here: numbers are numbers, and a metric's thresholds sit in the order its direction implies.

Measurements are append-only. :func:`add_measurements` checks every row first and saves all or none, in one
transaction with one ``metric.measure`` audit event naming each value; a wrong value is corrected by a new
measurement with a note. :func:`delete_measurement` is for AIMS managers and owners only and keeps the deleted
value in its audit event. :func:`respond` records what was done about a breach (9.1; see ``checks.py``).
"""

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, field_error
from forty2.records import staging, writes
from forty2.records.validation import clean_note
from forty2.tenancy.access import require

from . import status
from .models import DECIMAL_PLACES, MAX_DIGITS, Direction, Measurement, Metric, Source, plain_number

#: the most rows one request may send (a larger series goes through the spreadsheet import)
MAX_BATCH = 1000
NOTE_MAX = 2000
_LIMIT = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)
BAD = object()  # a parser's answer for a value it refused (the error is already listed)


def parse_number(value, key: str, errors: list, *, loc_prefix="body", required=False) -> str | None:
    """The plain text of a decimal (``"95.5"``), None when blank and allowed, or ``BAD`` with the error listed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(field_error(key, "Give a number.", "missing", loc_prefix))
            return BAD
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        errors.append(field_error(key, "Must be a number, e.g. 95.5.", "decimal_type", loc_prefix))
        return BAD
    raw = str(value).strip().replace(" ", "")
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")  # a decimal comma, as many spreadsheets write it
    try:
        number = Decimal(raw)
    except InvalidOperation:
        errors.append(field_error(key, f"'{str(value)[:40]}' is not a number; write it like 95.5.",
                                  "decimal_parsing", loc_prefix))
        return BAD
    if not number.is_finite() or abs(number) >= _LIMIT:
        errors.append(field_error(key, f"Must be a number below {_LIMIT:,} in size.", "decimal", loc_prefix))
        return BAD
    if number != number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES), rounding="ROUND_HALF_EVEN"):
        errors.append(field_error(key, f"At most {DECIMAL_PLACES} digits after the decimal point.", "decimal",
                                  loc_prefix))
        return BAD
    return plain_number(number)


EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


def parse_moment(value, key: str, errors: list, *, loc_prefix="body", now=None) -> dt.datetime | object:
    """An aware date and time (an ISO date alone means midnight in the site's time zone); never in the future."""
    now = now or timezone.now()
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str) and value.strip():
        raw = value.strip()
        try:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00")) if ("T" in raw or " " in raw) \
                else dt.datetime.combine(dt.date.fromisoformat(raw), dt.time())
        except ValueError:
            errors.append(field_error(key, f"'{raw[:40]}' is not a date and time; write it as YYYY-MM-DD or "
                                           "YYYY-MM-DDTHH:MM.", "datetime_parsing", loc_prefix))
            return BAD
    else:
        errors.append(field_error(key, "Give the date (and time) of the measurement.", "missing", loc_prefix))
        return BAD
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment = moment.astimezone(dt.UTC)  # PostgreSQL refuses offsets Python accepts (beyond ±15:59)
    except (OverflowError, ValueError):
        errors.append(field_error(key, "This moment is outside the dates that can be stored.", "date_range",
                                  loc_prefix))
        return BAD
    if moment < EARLIEST:
        errors.append(field_error(key, "A measurement cannot be older than 1900.", "date_range", loc_prefix))
        return BAD
    if moment > now + dt.timedelta(hours=1):
        errors.append(field_error(key, f"{moment:%Y-%m-%d %H:%M} is in the future; a measurement records what "
                                       "was measured.", "future", loc_prefix))
        return BAD
    return moment


def _note(value, key, errors, loc_prefix):
    try:
        return clean_note(value, NOTE_MAX)
    except InvalidInput as exc:
        errors.append(field_error(key, exc.errors[0]["msg"], exc.errors[0]["type"], loc_prefix))
        return BAD


# --- objectives and metrics ------------------------------------------------------------------------------------

def _final(write, name):
    if name in write.cleaned:
        return write.cleaned[name]
    return None if write.created else getattr(write.obj, name)


NUMBER_FIELDS = ("target_value", "warning_threshold", "breach_threshold")


class MetricRules(writes.Rules):
    """Thresholds and the target are numbers, in the order the direction implies (higher is better: breach at or
    below warning at or below target)."""

    def check(self, write):
        errors = []
        for name in NUMBER_FIELDS:
            if name in write.cleaned:
                value = parse_number(write.cleaned[name], write.rt.by_name[name].api_name, errors)
                if value is not BAD:
                    write.cleaned[name] = value
        if errors:
            raise InvalidInput(errors)
        direction = _final(write, "direction") or Direction.HIGHER
        values = [(name, status.number(_final(write, name))) for name in ("breach_threshold", "warning_threshold",
                                                                          "target_value")]
        given = [(n, v) for n, v in values if v is not None]
        higher = direction != Direction.LOWER
        for (low_name, low), (high_name, high) in zip(given, given[1:], strict=False):
            if (higher and low > high) or (not higher and low < high):
                word = "above" if higher else "below"
                raise InvalidInput([field_error(
                    write.rt.by_name[low_name].api_name,
                    f"With ‘{Direction(direction).label.lower()}’ the {write.rt.by_name[low_name].label.lower()} "
                    f"may not be {word} the {write.rt.by_name[high_name].label.lower()} ({high}).", "order")])
        if write.created:
            write.obj.latest_at = write.obj.latest_value = None


# --- measurements ---------------------------------------------------------------------------------------------

def clean_rows(rows, *, now=None, batch: bool = True) -> list[dict]:
    """Check every row (``measured_at``, ``value``, ``note``) and return them cleaned, or raise InvalidInput
    naming each bad row and field (``["body", <row index>, "value"]``; a single measurement ``["body", "value"]``)."""
    if batch and not isinstance(rows, list | tuple):
        raise InvalidInput([field_error("body", "Send one measurement or a list of them.", "list_type", "body")])
    if batch and not rows:
        raise InvalidInput([{"loc": ["body"], "msg": "The list of measurements is empty.", "type": "too_short"}])
    if batch and len(rows) > MAX_BATCH:
        raise InvalidInput([{"loc": ["body"], "msg": f"At most {MAX_BATCH} measurements per request (got "
                                                    f"{len(rows)}); import a spreadsheet for more.",
                             "type": "too_long"}])
    now = now or timezone.now()
    errors, cleaned = [], []
    for index, row in enumerate(rows if batch else [rows]):
        prefix = ["body", index] if batch else ["body"]
        if not isinstance(row, dict):
            errors.append({"loc": prefix, "msg": "Each measurement is an object with measured_at and value.",
                           "type": "dict_type"})
            continue
        found = len(errors)
        for key in sorted(set(row) - {"measured_at", "value", "note"}):
            errors.append(field_error(str(key), "Unknown field.", "extra_forbidden"))
        moment = parse_moment(row.get("measured_at"), "measured_at", errors, now=now)
        value = parse_number(row.get("value"), "value", errors, required=True)
        note = _note(row.get("note"), "note", errors, "body")
        for e in errors[found:]:  # each problem on its row: ["body", 3, "value"]
            e["loc"] = [*prefix, e["loc"][-1]]
        if len(errors) == found:
            cleaned.append({"measured_at": moment, "value": value, "note": note})
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _refresh_latest(metric_id: int) -> None:
    newest = (Measurement.objects.filter(metric_id=metric_id).order_by("-measured_at", "-id")
              .values_list("measured_at", "value").first())
    at, value = newest if newest else (None, None)
    Metric.objects.filter(pk=metric_id).update(latest_at=at, latest_value=value)


_DEFERRED: dict[int, set] = {}


def _refresh_after_publish(metric_id: int) -> None:
    stage = staging.current()
    seen = _DEFERRED.setdefault(stage, set())
    if metric_id not in seen:
        seen.add(metric_id)
        staging.after_publish(lambda: (_refresh_latest(metric_id), _DEFERRED.pop(stage, None)))


def _lock_metric(membership, metric) -> Metric:
    current = Metric.objects.select_for_update(of=("self",)).get(pk=metric.pk,
                                                                  organization=membership.organization)
    require(membership, "edit_record", current)
    if current.archived_at is not None:
        raise Conflict(f"The metric ‘{current}’ is archived; restore it before adding measurements.")
    return current


def add_measurements(membership, metric: Metric, rows, *, source: str = Source.MANUAL, batch: bool = True,
                     now=None) -> list[Measurement]:
    """Add one measurement (``batch=False``: ``rows`` is one dict) or a list of them to ``metric``: all rows are
    checked first and either every one is saved or none; one ``metric.measure`` event records them."""
    require(membership, "edit_record", metric)
    cleaned = clean_rows(rows, now=now, batch=batch)
    org, user = membership.organization, membership.user
    with transaction.atomic():
        current = _lock_metric(membership, metric)
        stage = staging.current()
        made = [Measurement(organization=org, metric=current, entered_by=user, source=source,
                            import_stage_id=stage, **row) for row in cleaned]
        Measurement.objects.bulk_create(made)
        if stage is None:
            _refresh_latest(current.pk)
        else:
            _refresh_after_publish(current.pk)
        if any(m.pk is None for m in made):  # a backend without RETURNING: read the ids back
            made = list(Measurement.objects.filter(metric=current).order_by("-id")[:len(made)])[::-1]
        audit.record("metric.measure", org=org, actor=user, obj=current, changes=measure_changes(made, source))
    metric.latest_at, metric.latest_value = _latest(current.pk, metric)
    return made


#: up to this many values are written out in the event; a larger batch is recorded by its SHA-256 digest
LISTED = 50


def _line(m) -> str:
    note = f" ({m.note})" if m.note else ""
    return f"{m.measured_at.isoformat(timespec='seconds')} = {plain_number(m.value)}{note}"


def measure_changes(made, source) -> dict:
    """What the ``metric.measure`` event keeps of a batch: how many, from where, the span of time, the values
    (a short batch) and always the SHA-256 of every row (id, time, value, note), so a changed value is detected
    (ISO/IEC 42001 7.5.3) without a thousand values on every history page."""
    lines = [f"{m.pk}|{_line(m)}" for m in made]
    times = sorted(m.measured_at for m in made)
    changes = {"count": len(made), "source": source, "first": times[0].isoformat(timespec="seconds"),
               "last": times[-1].isoformat(timespec="seconds"),
               "sha256": hashlib.sha256("\n".join(lines).encode()).hexdigest()}
    if len(made) <= LISTED:
        changes["values"] = "; ".join(_line(m) for m in made)
    return changes


def _latest(metric_id, fallback):
    row = Metric.objects.filter(pk=metric_id).values_list("latest_at", "latest_value").first()
    return row if row else (fallback.latest_at, fallback.latest_value)


def delete_measurement(membership, measurement: Measurement, *, reason: str = "") -> None:
    """Remove a measurement (AIMS managers and owners only); the event keeps what was deleted and why."""
    require(membership, "archive_record")
    reason = clean_note(reason, 500, "reason")
    org = membership.organization
    with transaction.atomic():
        current = Measurement.objects.select_for_update(of=("self",)).select_related("metric").get(
            pk=measurement.pk, organization=org)
        metric = current.metric
        changes = {"measurement": {"id": current.pk, "measured_at": current.measured_at.isoformat(timespec="seconds"),
                                   "value": current.value, "note": current.note, "source": current.source,
                                   "entered_by": getattr(current.entered_by, "email", None)}}
        if reason:
            changes["reason"] = reason
        current.delete()
        _refresh_latest(metric.pk)
        audit.record("metric.delete_measurement", org=org, actor=membership.user, obj=metric, changes=changes)


def respond(membership, measurement: Measurement, response: str, *, action: str = "metric.respond") -> Measurement:
    """Record what was done about a breach (9.1 evaluation; the start of 10.2): the measurement's value never
    changes, only its response, and the event names it."""
    text_ = clean_note(response, NOTE_MAX, "response")
    if not text_:
        raise InvalidInput([field_error("response", "Say what was done about the breach.", "missing")])
    org = membership.organization
    with transaction.atomic():
        current = Measurement.objects.select_for_update(of=("self",)).get(pk=measurement.pk, organization=org)
        metric = Metric.objects.get(pk=current.metric_id)
        require(membership, "edit_record", metric)
        before = current.response
        current.response, current.responded_by, current.responded_at = text_, membership.user, timezone.now()
        current.save(update_fields=["response", "responded_by", "responded_at"])
        audit.record(action, org=org, actor=membership.user, obj=metric, changes={
            "measurement": current.pk, "measured_at": current.measured_at.isoformat(timespec="seconds"),
            "value": current.value, "response": [before, text_]})
    return current


def open_incident(membership, measurement: Measurement):
    """Open an AI incident from a breach (A.8.4, 10.2) through the incidents app, and record it as the breach's
    response — one transaction: both or neither. The incident concerns the metric's AI system (or its objective's
    systems) and says where it came from; returns the incident."""
    from forty2.incidents.services import open_incident as open_ai_incident

    org = membership.organization
    with transaction.atomic():
        current = Measurement.objects.select_for_update(of=("self",)).get(pk=measurement.pk, organization=org)
        metric = Metric.objects.select_related("objective").get(pk=current.metric_id)
        require(membership, "edit_record", metric)
        if current.response:
            raise Conflict("This breach already has a recorded response.")
        if metric.ai_system_id:
            systems = [metric.ai_system_id]
        elif metric.objective_id:
            systems = list(metric.objective.ai_systems.filter(archived_at__isnull=True).values_list("pk", flat=True))
        else:
            systems = []
        unit = f" {metric.unit}" if metric.unit else ""
        when = timezone.localtime(current.measured_at)
        incident = open_ai_incident(
            membership, title=f"Breach of {metric.name}"[:200],
            description=(f"{metric.name} measured {plain_number(current.value)}{unit} on {when:%d %b %Y %H:%M}, "
                         f"reaching its breach threshold of {metric.breach_threshold}{unit} "
                         f"({metric.get_direction_display().lower()})."
                         + (f" Note: {current.note}" if current.note else "")),
            ai_system_ids=systems, source=f"monitoring: metric {metric.pk}")
        respond(membership, current, f"AI incident opened: {incident} (#{incident.pk}).", action="metric.incident")
    return incident
