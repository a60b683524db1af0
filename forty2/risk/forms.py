"""Web forms of the risk app, derived from the definitions; validation stays in the services."""

from forty2.records.forms import record_form

from .definitions import ACTION, IMPACT, IMPACT_ASSESSMENT, RISK, RUN

RiskForm = record_form(RISK)
ActionForm = record_form(ACTION, exclude=("status",))
AssessmentForm = record_form(IMPACT_ASSESSMENT)
ImpactForm = record_form(IMPACT)
RunForm = record_form(RUN)
