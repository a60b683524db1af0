"""The catalog and the profile of the Statement of Applicability (ISO/IEC 42001 6.1.3 f, Annex A).

The catalog is forty2/catalog/export_oscal.py's (numbers, short titles and Forty2's guidance; official text
never). The profile imports it through a back-matter resource that names the catalog's UUID and where Forty2
serves it, includes exactly the Annex A controls the SoA marks applicable, and omits the excluded ones: each
exclusion travels as an ``excluded-control`` property (``urn:forty2:oscal``) whose remarks hold the
justification, so the selection and its reasons read from one document. Controls still undecided are listed the
same way as ``undecided-control``.
"""

from django.db.models import Max

from forty2.catalog.export_oscal import export_catalog
from forty2.catalog.models import Framework
from forty2.controls.models import SoAEntry, StatementOfApplicability
from forty2.controls.services import ISO42001, ensure_soa
from forty2.core.errors import InvalidInput, field_error

from .common import NS, Parties, finish, latest, line, prose, record_uuid, requirement_id


def framework() -> Framework:
    return Framework.objects.get(slug=ISO42001)


def catalog(org) -> dict:
    """The ISO/IEC 42001 catalog (the same for every organisation: it carries no organisation data)."""
    return export_catalog(framework())


def soa_entries(org):
    ensure_soa(org)
    return list(SoAEntry.objects.for_org(org).filter(requirement__isnull=False)
                .select_related("requirement", "owner").order_by("position", "ref"))


def soa_version(org) -> int:
    soa = StatementOfApplicability.objects.for_org(org).first()
    return soa.version if soa else 1


def catalog_resource(org) -> tuple[dict, str]:
    """The back-matter resource naming the catalog (its UUID and where Forty2 serves it) and the import href."""
    fw = framework()
    doc = catalog(org)["catalog"]
    resource_uuid = record_uuid(org, "catalog-resource", fw.slug)
    resource = {
        "uuid": resource_uuid,
        "title": line(f"{fw.name} (OSCAL catalog)"),
        "props": [{"name": "catalog-uuid", "value": doc["uuid"], "ns": NS},
                  {"name": "framework-slug", "value": fw.slug, "ns": NS}],
        "rlinks": [{"href": f"/api/v1/orgs/{org.slug}/oscal/catalog", "media-type": "application/json"}],
    }
    return resource, f"#{resource_uuid}"


def profile(org) -> dict:
    entries = soa_entries(org)
    included = [e for e in entries if e.applicable is True]
    if not included:
        raise InvalidInput([field_error("model", "The SoA includes no Annex A control yet: mark at least one "
                                                 "applicable before exporting the profile.", "value_error", "path")])
    resource, href = catalog_resource(org)
    excluded = [e for e in entries if e.applicable is False]
    undecided = [e for e in entries if e.applicable is None]
    props = [{"name": "excluded-control", "value": requirement_id(e.ref), "ns": NS,
              "remarks": prose(e.justification, "No justification recorded.")} for e in excluded]
    props += [{"name": "undecided-control", "value": requirement_id(e.ref), "ns": NS} for e in undecided]
    parties = Parties(org)
    changed = SoAEntry.objects.for_org(org).aggregate(m=Max("updated_at"))["m"]
    version = soa_version(org)
    metadata = parties.metadata(
        f"{org.name}: Statement of Applicability (ISO/IEC 42001 Annex A selection)", latest(org, changed),
        f"soa-{version}", props=[{"name": "soa-version", "value": str(version), "ns": NS}, *props],
        remarks=(f"{len(included)} Annex A controls included, {len(excluded)} excluded (each with its "
                 f"justification in an excluded-control property), {len(undecided)} undecided."))
    document = {
        "uuid": None,
        "metadata": metadata,
        "imports": [{"href": href, "include-controls": [
            {"with-ids": [requirement_id(e.ref) for e in included]}]}],
        "merge": {"as-is": True},
        "back-matter": {"resources": [resource]},
    }
    return finish(org, "profile", "profile", document)
