"""How the history pages word the risk app's events, registered at start-up (:class:`forty2.risk.apps.RiskConfig`)
into the web face's history vocabulary (:mod:`forty2.web.registry`) rather than edited into its lists."""


def register_history_wording() -> None:
    from forty2.inventory.models import AISystem
    from forty2.web.registry import register_history

    register_history(
        phrases={
            # Only what the records kit cannot generate from the definitions ("approved the impact assessment …",
            # "changed this risk"); a pair gives the wording on the record's own page too.
            "risk.accept": ("accepted the residual risk of {}", "accepted the residual risk"),
            "risk.reassessment_due": "flagged {} for re-assessment",
            "impact_assessment.reassessment_due": "flagged {} for re-assessment",
            # a methodology's name already says "version 3"
            "risk_methodology.create": "created {}", "risk_methodology.update": "changed {}",
            "risk_methodology.delete": "deleted {}", "risk_methodology.approve": "approved {}",
            "risk_assessment.create": "recorded the risk assessment {}",
            "risk_action.create": "added the treatment action {}",
            "impact.create": "added the impact {}",
        },
        subjects={"risk": "Risk", "impact_assessment": "Impact assessment", "impact": "Impact",
                  "risk_methodology": "Risk methodology", "risk_action": "Treatment action",
                  "risk_assessment": "Risk assessment"},
        short_verbs={"accept": "accepted", "reassessment_due": "flagged for re-assessment"},
        field_labels={"ai_system_ids": "AI systems", "treatment_actions": "Treatment actions"},
        links={"ai_system_ids": AISystem},
    )
