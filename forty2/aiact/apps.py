from functools import cache

from django.apps import AppConfig


@cache
def _question(key: str):
    from .questions import QUESTIONS

    return next((q for q in QUESTIONS if q["key"] == key), None)


def answer_label(key: str) -> str | None:
    """``answers.is_gpai`` in an audit event reads as the question's label."""
    question = _question(key)
    return question["label"] if question else None


def answer_choices(key: str) -> dict:
    question = _question(key)
    return dict(question["choices"]) if question else {}


class AiactConfig(AppConfig):
    name = "forty2.aiact"
    label = "aiact"
    verbose_name = "AI Act"

    def ready(self):
        """What the EU AI Act classification adds to the shared faces (docs/architecture.md, "Registering an
        app")."""
        from forty2.api.registry import register_router
        from forty2.records.writes import record_changed, record_checking
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import dashboard, receivers
        from .labels import GPAI_LABELS, LEVEL_LABELS, ROUTE_LABELS, TIER_LABELS

        # The register's changes reach this app through the records kit's signals (the register knows nothing
        # of the EU AI Act): refuse to operate a prohibited practice, re-derive the risk profile.
        record_checking.connect(receivers.refuse_operating_a_prohibited_system, dispatch_uid="aiact-prohibited")
        record_changed.connect(receivers.rederive_on_change, dispatch_uid="aiact-profile")
        receivers.register_tier_choices()
        web.register_record_section("aisystem", "ai_act", "aiact/_system_section.html", dashboard.system_section,
                                    order=10)
        web.register_dashboard_panel("ai_risk", "aiact/_org_summary.html", dashboard.risk_summary, order=30)
        web.register_history(
            phrases={"ai_act.classify": "classified {} under the EU AI Act",
                     "ai_act.sign_off": "signed off the EU AI Act classification of {}",
                     "risk_profile.change": "re-derived the risk profile of {}"},
            subjects={"ai_act": "EU AI Act", "risk_profile": "Risk profile"},
            short_verbs={"classify": "classified", "sign_off": "signed off", "change": "re-derived"},
            field_labels={
                "ai_act_tier": "EU AI Act tier", "tier": "EU AI Act tier", "risk_profile_level": "Risk profile",
                "risk_profile_reasons": "Why", "inputs": "Based on", "classification_version": "Classification",
                "high_risk_route": "Why high-risk", "art6_3_exempted": "Exempted by Art. 6(3)",
                "gpai": "General-purpose AI model", "fria_required": "Fundamental rights impact assessment required",
                "transparency": "Transparency duties", "obligations added": "Obligations added",
                "obligations removed": "Obligations removed", "rules_version": "Rules version",
                "signed_off_by": "Signed off by",
            },
            value_labels={"tier": TIER_LABELS, "ai_act_tier": TIER_LABELS, "high_risk_route": ROUTE_LABELS,
                          "risk_profile_level": LEVEL_LABELS, "gpai": GPAI_LABELS},
            diff_suffixes=(".classify", ".change"),
            plain_keys=("obligations added", "obligations removed", "inputs"),
            key_prefixes={"answers.": (answer_label, answer_choices)},
        )
        register_router("/ai-act/", "forty2.aiact.api:router", order=30)
        register_router("/orgs/", "forty2.aiact.api:org_router", order=30)
        register_work("aiact", dashboard.work)
