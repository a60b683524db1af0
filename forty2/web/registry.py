"""What each app adds to the shared pages: navigation, dashboard panels, portfolio figures, history wording.

``web`` sits below the feature apps and knows none of them (docs/architecture.md, "Layers"). Each app fills
these lists from its ``AppConfig.ready()``, so adding an area of the management system never means editing a
central list. Each table remembers who registered each key (:class:`forty2.core.registry.Registrations`):
registering the same key from a second place still replaces the entry, and ``forty2 check`` reports it
naming both registrants (:mod:`forty2.records.checks`); ``ready()`` running again is no clash.
"""

from collections.abc import Callable
from dataclasses import dataclass

from forty2.core.registry import Registrations

# --- Navigation --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavEntry:
    """One section of the left navigation, shown to members whose role may do ``action``."""

    key: str  # also the ``nav_active`` value a page sets to mark the section current
    label: str
    url_name: str  # reversed with the organisation's slug
    action: str = "view"
    order: int = 100


#: The navigation follows the management system (ISO/IEC 42001 clauses 4-10). Suggested ``order`` slots:
#: Context 10, AI systems 20, Risks and impacts 30, Controls (SoA) 40, Documents 50, People 60,
#: Audits and improvement 70, Certification 80, Standards catalog 90.
NAVIGATION: dict[str, NavEntry] = {}
NAVIGATION_BY = Registrations("navigation", skip=(__name__,))


def register_nav(key: str, label: str, url_name: str, *, action: str = "view", order: int = 100) -> None:
    """Add a section to the left navigation of every organisation page."""
    entry, hidden = NavEntry(key, label, url_name, action, order), NAVIGATION.get(key)
    NAVIGATION_BY.note(key, same=hidden == entry, detail=f"'{label}' hides '{hidden.label}'" if hidden else "")
    NAVIGATION[key] = entry


def navigation() -> list[NavEntry]:
    return sorted(NAVIGATION.values(), key=lambda entry: (entry.order, entry.key))


# --- Dashboard -----------------------------------------------------------------------------------------------

#: Where a panel sits on the organisation's overview page: the page's primary action next to its title,
#: a full-width section, or a section in the two columns below.
DASHBOARD_REGIONS = ("actions", "main", "columns")


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the organisation's overview: a template rendered with what ``context`` returns.

    ``context(request, membership)`` returns a dict, or None to leave the panel out (for instance when the
    member's role may not see it)."""

    key: str
    template: str
    context: Callable
    region: str = "main"
    order: int = 100


DASHBOARD: dict[str, DashboardPanel] = {}
DASHBOARD_BY = Registrations("dashboard panels", skip=(__name__,))


def register_dashboard_panel(key: str, template: str, context: Callable, *, region: str = "main",
                             order: int = 100) -> None:
    """Add a panel to the overview page (``region``: one of :data:`DASHBOARD_REGIONS`)."""
    if region not in DASHBOARD_REGIONS:
        raise ValueError(f"unknown dashboard region {region!r}; use one of {DASHBOARD_REGIONS}")
    DASHBOARD_BY.note(key)
    DASHBOARD[key] = DashboardPanel(key, template, context, region, order)


def dashboard_panels(region: str) -> list[DashboardPanel]:
    return sorted((p for p in DASHBOARD.values() if p.region == region), key=lambda p: (p.order, p.key))


# --- Portfolio ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioFigures:
    """Columns of the portfolio table (a consultant's organisations), filled for all rows at once.

    ``figures(organizations)`` returns ``{organization_id: (value, …)}`` with one value per label; a missing
    organisation shows zeros. One query for the whole table, not one per organisation."""

    key: str
    labels: tuple[str, ...]
    figures: Callable
    order: int = 100


PORTFOLIO: dict[str, PortfolioFigures] = {}
PORTFOLIO_BY = Registrations("portfolio figures", skip=(__name__,))


def register_portfolio_figures(key: str, labels: tuple[str, ...], figures: Callable, *, order: int = 100) -> None:
    """Add columns to the portfolio page (the home page of a member of several organisations)."""
    PORTFOLIO_BY.note(key)
    PORTFOLIO[key] = PortfolioFigures(key, tuple(labels), figures, order)


def portfolio_figures() -> list[PortfolioFigures]:
    return sorted(PORTFOLIO.values(), key=lambda f: (f.order, f.key))


#: the page a member of several organisations lands on (``view(request, memberships)`` -> response), registered
#: by the portfolio app (forty2/portfolio/apps.py); without one, ``home`` shows the registered columns itself
PORTFOLIO_PAGE: list[Callable] = []


def register_portfolio_page(view: Callable) -> None:
    """Let a higher app draw the home page of a member of several organisations (web cannot import it)."""
    PORTFOLIO_PAGE[:] = [view]


# --- History wording ------------------------------------------------------------------------------------------
# The audit log stores codes so that it can be verified and exported (ISO/IEC 42001 7.5.3); these tables turn
# them into words on every page that shows history (see forty2/web/history.py).

#: action → what a person did, with ``{}`` where the record's name goes: ``"ai_system.create": "created {}"``
PHRASES: dict[str, str] = {}
#: first part of an action → short name for the audit log's filter: ``"ai_system": "AI system"``
SUBJECTS: dict[str, str] = {}
#: last part of an action → short verb for the filter: ``"sign_off": "signed off"``
SHORT_VERBS: dict[str, str] = {}
#: key in an event's changes → label, where the model's verbose name does not fit or there is no field
FIELD_LABELS: dict[str, str] = {}
#: key → {stored value: label}, for values that are not model choices
VALUE_LABELS: dict[str, dict] = {}
#: key → the model field whose choices its values use
CHOICES_OF: dict[str, str] = {}
#: key holding a list of record ids → the model (with an ``organization``) whose names to show instead
LINKS: dict[str, type] = {}
#: action endings whose changes are ``{field: [before, after]}``
DIFF_SUFFIXES: set[str] = set()
#: keys that hold a plain value even in a diff event
PLAIN_KEYS: set[str] = set()
#: key prefix → (label(rest) -> str | None, choices(rest) -> dict), e.g. ``"answers."`` for questionnaire answers
KEY_PREFIXES: dict[str, tuple[Callable, Callable]] = {}
#: an action's first part or an event's ``object_type`` → the record's noun ("SoA entry", "impact assessment"):
#: the records kit registers every record type's label, so "created the SoA entry A.2.2" and "changed this SoA
#: entry" are generated from the declaration; a registered phrase overrides the generated one
NOUNS: dict[str, str] = {}


def register_history(*, phrases: dict | None = None, subjects: dict | None = None,
                     short_verbs: dict | None = None, field_labels: dict | None = None,
                     value_labels: dict | None = None, choices_of: dict | None = None, links: dict | None = None,
                     diff_suffixes=(), plain_keys=(), key_prefixes: dict | None = None,
                     nouns: dict | None = None) -> None:
    """Teach the history pages how an app's audit events read (each argument fills the table of that name).

    A key another app already registered with a different value is a clash (``forty2 check``); the same value
    from two apps (a shared field label) is not."""
    tables = globals()
    for name, new in (("phrases", phrases), ("subjects", subjects), ("short_verbs", short_verbs),
                      ("field_labels", field_labels), ("value_labels", value_labels), ("choices_of", choices_of),
                      ("links", links), ("key_prefixes", key_prefixes), ("nouns", nouns)):
        table = tables[name.upper()]
        for key, value in (new or {}).items():
            HISTORY_BY.note(f"{name}[{key!r}]", same=table.get(key, value) == value)
            table[key] = value
    DIFF_SUFFIXES.update(diff_suffixes)
    PLAIN_KEYS.update(plain_keys)


HISTORY_BY = Registrations("history wording", skip=(__name__,))


# --- Links from history to records ----------------------------------------------------------------------------

#: object_type of audit events → url(org_slug, object_id) -> str | None, the page of that record
RECORD_URLS: dict[str, Callable] = {}
RECORD_URLS_BY = Registrations("record links", skip=(__name__,))


def register_record_url(object_type: str, url: Callable) -> None:
    """Let the audit log and history link events about ``object_type`` records to the record's page."""
    RECORD_URLS_BY.note(object_type)
    RECORD_URLS[object_type] = url


def record_url(org_slug: str, object_type: str, object_id: str) -> str | None:
    build = RECORD_URLS.get(object_type)
    if build is None or not object_id:
        return None
    try:
        return build(org_slug, object_id)
    except Exception:  # a malformed id in an old event: no link rather than a broken page
        return None


# --- Sections of a record's page ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecordSection:
    """A section another app adds to a record's page (the EU AI Act classification and the risks on an AI
    system's page): ``context(request, membership, obj)`` returns the template's data, or None to leave it out."""

    key: str
    template: str
    context: Callable
    order: int = 100


RECORD_SECTIONS: dict[str, dict[str, RecordSection]] = {}
RECORD_SECTIONS_BY = Registrations("record page sections", skip=(__name__,))


def register_record_section(object_type: str, key: str, template: str, context: Callable, *,
                            order: int = 100) -> None:
    """Add a section to the page of every ``object_type`` record, so the record's app need not know yours."""
    RECORD_SECTIONS_BY.note((object_type, key))
    RECORD_SECTIONS.setdefault(object_type, {})[key] = RecordSection(key, template, context, order)


def record_sections(object_type: str) -> list[RecordSection]:
    return sorted(RECORD_SECTIONS.get(object_type, {}).values(), key=lambda s: (s.order, s.key))
