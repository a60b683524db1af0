"""How the audit log's pages word the risk app's events, registered at start-up (:class:`forty2.risk.apps.RiskConfig`)
into the web face's history vocabulary (:mod:`forty2.web.history`) rather than edited into its lists."""


def register_history_wording() -> None:
    from forty2.inventory.models import AISystem
    from forty2.web import history

    history.PHRASES.update({
        "risk.accept": "accepted the residual risk of {}",
        "risk.reassessment_due": "flagged {} for re-assessment",
        "risk.import": "imported risks ({})",
        "impact_assessment.approve": "approved the impact assessment {}",
        "impact_assessment.reassessment_due": "flagged {} for re-assessment",
        "risk_methodology.approve": "approved {}",
        "risk_assessment.create": "recorded the risk assessment {}",
        "risk_action.create": "added the treatment action {}",
        "impact.create": "added the impact {}",
    })
    history.SUBJECTS.update({"risk": "Risk", "impact_assessment": "Impact assessment", "impact": "Impact",
                             "risk_methodology": "Risk methodology", "risk_action": "Treatment action",
                             "risk_assessment": "Risk assessment"})
    history.SHORT_VERBS.update({"accept": "accepted", "reassessment_due": "flagged for re-assessment"})
    history.FIELD_LABELS.setdefault("ai_system_ids", "AI systems")
    history.FIELD_LABELS.setdefault("treatment_actions", "Treatment actions")
    history.LINKS.setdefault("ai_system_ids", AISystem)
