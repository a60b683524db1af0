"""Reference lists of ISO/IEC 42001 used by the risk register: Annex C objectives and risk sources, and the
Annex A controls a risk treatment can name (numbers and short titles only; no normative text).

Held here as data rather than in the catalog tables: the register validates against them on every write and
they are fixed by the 2023 edition, so a choice list is faster and cannot be missing in an installation whose
catalog has not been loaded. The catalog (``forty2.catalog``, framework ``iso-iec-42001-2023``) still gives each
control its page: :func:`control_links` resolves refs to catalog requirements when they are there.
"""

from django.db import models

FRAMEWORK_SLUG = "iso-iec-42001-2023"


class Objective(models.TextChoices):
    """Organisational objectives that AI risks can affect (ISO/IEC 42001 Annex C.2)."""

    ACCOUNTABILITY = "accountability", "Accountability"
    AI_EXPERTISE = "ai_expertise", "AI expertise"
    DATA = "training_test_data", "Availability and quality of training and test data"
    ENVIRONMENTAL_IMPACT = "environmental_impact", "Environmental impact"
    FAIRNESS = "fairness", "Fairness"
    MAINTAINABILITY = "maintainability", "Maintainability"
    PRIVACY = "privacy", "Privacy"
    ROBUSTNESS = "robustness", "Robustness"
    SAFETY = "safety", "Safety"
    SECURITY = "security", "Security"
    TRANSPARENCY = "transparency_explainability", "Transparency and explainability"


class RiskSource(models.TextChoices):
    """Sources of AI risk (ISO/IEC 42001 Annex C.3)."""

    ENVIRONMENT = "environment_complexity", "Complexity of environment"
    TRANSPARENCY = "lack_of_transparency", "Lack of transparency and explainability"
    AUTOMATION = "level_of_automation", "Level of automation"
    MACHINE_LEARNING = "machine_learning", "Risk sources related to machine learning"
    HARDWARE = "hardware", "System hardware issues"
    LIFE_CYCLE = "life_cycle", "System life cycle issues"
    TECHNOLOGY_READINESS = "technology_readiness", "Technology readiness"


_CONTROLS = [
    ("A.2.2", "AI policy"), ("A.2.3", "Alignment with other organizational policies"),
    ("A.2.4", "Review of the AI policy"), ("A.3.2", "AI roles and responsibilities"),
    ("A.3.3", "Reporting of concerns"), ("A.4.2", "Resource documentation"), ("A.4.3", "Data resources"),
    ("A.4.4", "Tooling resources"), ("A.4.5", "System and computing resources"), ("A.4.6", "Human resources"),
    ("A.5.2", "AI system impact assessment process"), ("A.5.3", "Documentation of AI system impact assessments"),
    ("A.5.4", "Assessing AI system impact on individuals or groups of individuals"),
    ("A.5.5", "Assessing societal impacts of AI systems"),
    ("A.6.1.2", "Objectives for responsible development of AI system"),
    ("A.6.1.3", "Processes for responsible AI system design and development"),
    ("A.6.2.2", "AI system requirements and specification"),
    ("A.6.2.3", "Documentation of AI system design and development"),
    ("A.6.2.4", "AI system verification and validation"), ("A.6.2.5", "AI system deployment"),
    ("A.6.2.6", "AI system operation and monitoring"), ("A.6.2.7", "AI system technical documentation"),
    ("A.6.2.8", "AI system recording of event logs"),
    ("A.7.2", "Data for development and enhancement of AI system"), ("A.7.3", "Acquisition of data"),
    ("A.7.4", "Quality of data for AI systems"), ("A.7.5", "Data provenance"), ("A.7.6", "Data preparation"),
    ("A.8.2", "System documentation and information for users"), ("A.8.3", "External reporting"),
    ("A.8.4", "Communication of incidents"), ("A.8.5", "Information for interested parties"),
    ("A.9.2", "Processes for responsible use of AI systems"), ("A.9.3", "Objectives for responsible use of AI system"),
    ("A.9.4", "Intended use of the AI system"), ("A.10.2", "Allocating responsibilities"), ("A.10.3", "Suppliers"),
    ("A.10.4", "Customers"),
]


class AnnexAControl:
    """The 38 Annex A controls as (ref, "ref title") choices, in the shape of a TextChoices class."""

    values = [ref for ref, _title in _CONTROLS]
    choices = [(ref, f"{ref} {title}") for ref, title in _CONTROLS]
    titles = dict(_CONTROLS)


def control_links(refs) -> list[tuple[str, str, object]]:
    """(ref, title, catalog Requirement or None) for each Annex A ref, in catalog order when loaded."""
    from forty2.catalog.models import Requirement

    found = {r.ref: r for r in Requirement.objects.filter(framework__slug=FRAMEWORK_SLUG, ref__in=list(refs))}
    return [(ref, AnnexAControl.titles.get(ref, ""), found.get(ref)) for ref in refs]
