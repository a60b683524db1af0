"""How the records kit's API routes and pages reach the register's records (ISO/IEC 42001 4.1, A.4, A.7, A.10):
one :class:`~forty2.records.routes.Access` per record type, and the pages of models, datasets and suppliers
(:mod:`forty2.records.pages`). The AI systems' own pages stay in :mod:`forty2.inventory.views`."""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from django.urls import reverse

from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access

from . import linked, queries, services
from .definitions import AI_MODEL, AI_SYSTEM, DATASET, LINKED, SUPPLIER
from .importexport import LINK_TEXT, SPEC
from .jobs import KIND
from .models import AIModel, AISystem, Dataset, Supplier


def _systems_out(systems) -> list[dict]:
    """Systems as the API shows them, with the approval state their page shows (one query for the page)."""
    from .schemas import systems_out

    return systems_out(systems, services.approval_states(systems))


SYSTEMS = Access(
    queryset=lambda org: AISystem.objects.for_org(org).select_related("business_owner", "technical_owner",
                                                                      "approved_by"),
    # looked up when called, so the register's services stay the one place to change (or to stub in a test)
    create=lambda *a, **k: services.create_ai_system(*a, **k),
    update=lambda *a, **k: services.update_ai_system(*a, **k),
    archive=lambda *a: services.archive_ai_system(*a), restore=lambda *a: services.restore_ai_system(*a),
    attach=queries.attach_links, out_many=_systems_out,
    resolvers=SPEC.resolvers, link_text=LINK_TEXT, import_kind=KIND)


def _linked_access(model) -> Access:
    return Access(queryset=lambda org: model.objects.for_org(org), refuse_delete=linked.still_used,
                  delete_extra=linked.archived_users)


MODELS, DATASETS, SUPPLIERS = (_linked_access(m) for m in (AIModel, Dataset, Supplier))
ACCESS = {AI_SYSTEM.name: SYSTEMS, AI_MODEL.name: MODELS, DATASET.name: DATASETS, SUPPLIER.name: SUPPLIERS}


def _used_by(obj, *, live_only=False):
    systems = obj.ai_systems.filter(archived_at__isnull=True) if live_only else obj.ai_systems.all()
    return list(systems.select_related("business_owner").order_by("name"))


def _sections(membership, obj):
    return [Section("inventory/_used_by.html", {"systems": _used_by(obj, live_only=True)})]


def _blockers(obj):
    systems = _used_by(obj, live_only=True)  # links from archived systems do not block (their history keeps them)
    return Section("inventory/_delete_blockers.html", {"systems": systems}) if systems else None


def _linked_pages(kind, rt, access, title, noun, intro, columns) -> RecordPages:
    return RecordPages(
        rt, access, "inventory", name="linked", kind=kind, title=title, noun=noun, intro=intro, nav="ai_systems",
        tabs="inventory/_tabs.html",
        crumbs=lambda org: [("AI systems", reverse("inventory:system_list", args=[org.slug]))], columns=columns,
        extra_columns=(("Used by", "system_count"),), sections=_sections, blockers=_blockers,
        annotate=lambda qs: qs.annotate(system_count=Count("ai_systems",
                                                           filter=Q(ai_systems__archived_at__isnull=True))),
        error_aliases={"version": "model_version"})


#: the pages of the records AI systems link to, by the URL part that lists them (``/o/<org>/ai-systems/models/``)
PAGES = {
    "models": _linked_pages("models", AI_MODEL, MODELS, "Models", "model",
                            "Trained and general-purpose models your AI systems use, with their versions and model "
                            "cards (ISO/IEC 42001 A.4.3, A.6.2.3).", ("model_version", "provider", "licence")),
    "datasets": _linked_pages("datasets", DATASET, DATASETS, "Datasets", "dataset",
                              "Data used to train, test or run your AI systems, with its provenance and personal "
                              "data (A.7).", ("source", "personal_data", "licence")),
    "suppliers": _linked_pages("suppliers", SUPPLIER, SUPPLIERS, "Suppliers", "supplier",
                               "Third parties that supply AI systems, models, data or services (A.10.2, A.10.3).",
                               ("country", "contract_reference")),
}
if set(PAGES) != set(LINKED):  # one page set per linked record type
    raise ImproperlyConfigured(f"inventory: pages for {sorted(PAGES)} but linked types {sorted(LINKED)}")
