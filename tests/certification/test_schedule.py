"""The certification cycle's dates on their boundaries: 12 months, calendar years, 3 years, leap days."""

import datetime as dt

from forty2.certification import schedule

D = dt.date


def test_three_years_and_twelve_months():
    assert schedule.expiry(D(2025, 3, 10)) == D(2028, 3, 10)
    assert schedule.first_surveillance_due(D(2025, 3, 10)) == D(2026, 3, 10)
    assert schedule.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert schedule.add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)


def test_leap_days():
    assert schedule.first_surveillance_due(D(2024, 2, 29)) == D(2025, 2, 28)
    assert schedule.expiry(D(2024, 2, 29)) == D(2027, 2, 28)
    assert schedule.add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert schedule.expiry(D(2025, 2, 28)) == D(2028, 2, 28)


def test_cycle_every_calendar_year_and_recertification_before_expiry():
    items = schedule.cycle(D(2025, 3, 10))
    assert [(i.key, i.due) for i in items] == [
        ("surveillance-1", D(2026, 3, 10)), ("surveillance-2027", D(2027, 12, 31)),
        ("recertification", D(2028, 3, 9))]
    # a decision late in the year: the first surveillance falls in the next year, the year after needs its own
    items = schedule.cycle(D(2025, 12, 20))
    assert [(i.key, i.due) for i in items] == [
        ("surveillance-1", D(2026, 12, 20)), ("surveillance-2027", D(2027, 12, 31)),
        ("recertification", D(2028, 12, 19))]


def test_an_early_first_surveillance_leaves_the_next_year_needing_one():
    items = schedule.cycle(D(2025, 1, 5), surveillance_done=[D(2025, 11, 20)])
    assert items[0].done_on == D(2025, 11, 20)
    assert [i.key for i in items] == ["surveillance-1", "surveillance-2026", "surveillance-2027", "recertification"]
    assert schedule.next_due(items).key == "surveillance-2026"


def test_twelve_month_boundary_and_matching():
    decision = D(2025, 3, 10)
    items = schedule.cycle(decision, surveillance_done=[D(2026, 3, 10), D(2027, 6, 1)],
                           recertification_done=[D(2028, 1, 15)])
    assert all(i.done for i in items)
    assert schedule.next_due(items) is None
    # an audit before the decision counts for nothing
    items = schedule.cycle(decision, surveillance_done=[D(2025, 3, 10)])
    assert not items[0].done


def test_reminder_thresholds():
    due = D(2026, 6, 30)
    assert schedule.threshold_reached(due, due - dt.timedelta(days=91)) is None
    assert schedule.threshold_reached(due, due - dt.timedelta(days=90)) == 90
    assert schedule.threshold_reached(due, due - dt.timedelta(days=31)) == 90
    assert schedule.threshold_reached(due, due - dt.timedelta(days=30)) == 30
    assert schedule.threshold_reached(due, due - dt.timedelta(days=7)) == 7
    assert schedule.threshold_reached(due, due + dt.timedelta(days=3)) == 7
