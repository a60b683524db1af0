"""The standards catalog: frameworks, their requirement trees and the crosswalks between them.

ISO/IEC 42001 4.2 and 6.1.3: the organisation determines the requirements it must meet (the standard itself,
the EU AI Act, other management-system standards) and compares its controls with Annex A. The catalog tables
are installation-wide reference data; only :class:`RequirementStatus` (where an organisation stands on one
requirement) and :class:`InferenceRejection` belong to an organisation.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class Kind(models.TextChoices):
    CLAUSE = "clause", "Clause"
    CONTROL_GROUP = "control_group", "Control group"
    CONTROL = "control", "Control"
    ARTICLE = "article", "Article"
    FUNCTION = "function", "Function"
    CATEGORY = "category", "Category"
    SUBCATEGORY = "subcategory", "Subcategory"


class Relationship(models.TextChoices):
    """Read as "source is <relationship> of target"."""

    EQUIVALENT = "equivalent", "Equivalent"
    SUBSET = "subset", "Subset"
    SUPERSET = "superset", "Superset"
    INTERSECT = "intersect", "Intersect"
    RELATED = "related", "Related"


#: the relationship read from the other end: "A is a subset of B" is "B is a superset of A"
REVERSE = {"subset": "superset", "superset": "subset", "equivalent": "equivalent", "intersect": "intersect",
           "related": "related"}


def reverse_relationship(relationship: str) -> str:
    return REVERSE[relationship]


class Origin(models.TextChoices):
    SHIPPED = "shipped", "Shipped with Forty2"
    IMPORTED = "imported", "Imported"


class Framework(models.Model):
    """A standard, regulation or framework (ISO/IEC 42001 4.2: requirements of interested parties)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=80, blank=True)
    version = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    licence_note = models.TextField(blank=True)
    description = models.TextField(blank=True)
    data_version = models.PositiveIntegerField(default=1)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.SHIPPED)
    source_file = models.CharField(max_length=300, blank=True, help_text="file an imported framework came from")
    urn = models.CharField(max_length=300, blank=True, help_text="identifier in the file it was imported from")
    reference_lists = models.JSONField(default=dict, blank=True)
    aliases = models.JSONField(default=list, blank=True,
                               help_text="other identifiers of this framework (URNs, OSCAL ids) files may use")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.short_name or self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class TextBy(models.TextChoices):
    """Whose words a requirement's text is."""

    PUBLISHER = "publisher", "The publisher's official text"
    THIRD_PARTY = "third_party", "A third party's wording (summary or paraphrase)"


class Requirement(models.Model):
    """One node of a framework's tree: a clause, control, article or subcategory, numbered as published.

    Provenance per node: ``guidance`` is Forty2's own words when ``guidance_source`` is blank, else the words of
    whoever it names (an OSCAL catalog's publisher, a library's packager); ``typical_evidence`` and
    ``documented_information`` are Forty2's own. The official text of a copyrighted standard is never shipped:
    ``official_text`` is filled only by a licensed user's ``forty2 catalog load-text`` or an imported file, and
    ``official_text_by`` says whether it is the publisher's wording or a third party's. A ``withdrawn`` node
    (OSCAL ``status: withdrawn``) is kept and shown, never assessable.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="requirements")
    ref = models.CharField(max_length=100)
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    assessable = models.BooleanField(default=False)
    guidance = models.TextField(blank=True)
    typical_evidence = models.JSONField(default=list, blank=True)
    documented_information = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="document order within the framework")
    depth = models.PositiveSmallIntegerField(default=0)
    urn = models.CharField(max_length=500, blank=True)
    official_text = models.TextField(blank=True)
    official_text_source = models.CharField(max_length=300, blank=True)
    official_text_by = models.CharField(max_length=16, choices=TextBy.choices, default=TextBy.PUBLISHER)
    guidance_source = models.CharField(max_length=300, blank=True,
                                       help_text="who wrote the guidance; blank: Forty2's own words")
    withdrawn = models.BooleanField(default=False, help_text="withdrawn by its publisher: shown, not assessable")

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "ref"], name="requirement_ref_unique")]

    def __str__(self):
        return f"{self.ref} {self.title}"


class MappingSet(models.Model):
    """A crosswalk from one framework to another; each row reads "source is <relationship> of target"."""

    source = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="mapping_sets_out")
    target = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="mapping_sets_in")
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    source_document = models.CharField(max_length=500, blank=True)
    data_version = models.PositiveIntegerField(default=1)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.SHIPPED)
    source_file = models.CharField(max_length=300, blank=True)
    urn = models.CharField(max_length=300, blank=True)
    unmapped = models.JSONField(default=list, blank=True, help_text="[{ref, note}] source nodes left unmapped")
    parked = models.JSONField(default=list, blank=True,
                              help_text="rows whose requirement an import removed, restored when it comes back")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="mapping_set_pair_unique")]

    def __str__(self):
        return self.name


class Mapping(models.Model):
    """One pair of a crosswalk, with the reasoning (note) and where it comes from (provenance)."""

    mapping_set = models.ForeignKey(MappingSet, on_delete=models.CASCADE, related_name="rows")
    source = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="mappings_in")
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    note = models.TextField(blank=True)
    provenance = models.CharField(max_length=500)
    published_as = models.CharField(max_length=200, blank=True)
    correction_original_ref = models.CharField(max_length=100, blank=True)
    correction_reason = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["mapping_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["mapping_set", "source", "target"], name="mapping_pair_unique"),
        ]

    def __str__(self):
        return f"{self.source.ref} {self.relationship} {self.target.ref}"


class ConformityStatus(models.TextChoices):
    CONFORMING = "conforming", "Conforming"
    PARTIAL = "partial", "Partially conforming"
    NOT_CONFORMING = "not_conforming", "Not conforming"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class StatusSource(models.TextChoices):
    ASSESSED = "assessed", "Assessed"
    INFERRED = "inferred", "Inferred from a mapping"
    IMPORTED = "imported", "Imported"


class RequirementStatus(OrgOwned):
    """Where the organisation stands on one requirement (ISO/IEC 42001 9.1 evaluation, 6.1.3 comparison
    with Annex A). ``source`` says how it was reached; an inferred status is stored only once a person has
    confirmed the inference (``confirmed_by``), never silently. The SoA and gap assessment build on this."""

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(max_length=20, choices=ConformityStatus.choices, default=ConformityStatus.NOT_ASSESSED)
    source = models.CharField(max_length=16, choices=StatusSource.choices, default=StatusSource.ASSESSED)
    note = models.TextField(blank=True)
    inferred_from = models.ForeignKey(Requirement, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    inferred_relationship = models.CharField(max_length=16, choices=Relationship.choices, blank=True)
    inferred_from_status = models.CharField(max_length=20, choices=ConformityStatus.choices, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "requirement"], name="requirement_status_unique"),
        ]

    def __str__(self):
        return f"{self.requirement.ref}: {self.status}"


class InferenceRejection(OrgOwned):
    """A person looked at what a mapping implied and rejected it (or dismissed a review suggestion).

    Keyed on the status the other end had at the time: when that status changes, the mapping is suggested
    again."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    inferred_from = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    from_status = models.CharField(max_length=20, choices=ConformityStatus.choices)
    note = models.TextField(blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "requirement", "inferred_from", "from_status"],
                                    name="inference_rejection_unique"),
        ]
