"""Web forms of the risk app, derived from the definitions; validation stays in the services."""

from forty2.records.forms import record_form

from .definitions import ACTION, IMPACT, IMPACT_ASSESSMENT, RISK, RUN

_RiskBase = record_form(RISK)


class RiskForm(_RiskBase):
    """The risk form, its scores shown with their meaning in the methodology in force ("3 — Possible", not a
    bare 3; ISO/IEC 42001 6.1.2: risks are scored against the organisation's criteria). A score given now is
    judged on that methodology (a re-scored risk moves to it), so its scales are the ones offered."""

    SCORES = {"inherent_likelihood": "likelihood_scale", "inherent_consequence": "consequence_scale",
              "residual_likelihood": "likelihood_scale", "residual_consequence": "consequence_scale"}

    def __init__(self, *args, organization=None, methodology=None, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        from . import methodology as methodologies

        m = methodology or (methodologies.current(organization) if organization is not None else None)
        if m is None:
            return
        old = getattr(self.instance, "methodology", None)
        for name, scale in self.SCORES.items():
            field = self.fields.get(name)
            if field is None:
                continue
            blank = [choice for choice in field.choices if choice[0] in ("", None)]
            levels = getattr(m, scale)
            choices = [(str(n), f"{n} — {level['label']}") for n, level in enumerate(levels, start=1)]
            kept = str(getattr(self.instance, name, "") or "")
            if kept.isdigit() and int(kept) > len(levels) and old is not None:
                # scored under an older version with more levels: kept as it is until someone re-scores it
                label = getattr(old, scale)[int(kept) - 1]["label"] if int(kept) <= len(getattr(old, scale)) else ""
                choices.append((kept, f"{kept} — {label} (version {old.number})"))
            field.choices = blank + choices
            which = scale.split("_")[0]
            field.error_messages["invalid_choice"] = (
                f"%(value)s is outside the {which} scale of methodology version {m.number} (1 to {len(levels)}).")
ActionForm = record_form(ACTION, exclude=("status",))
AssessmentForm = record_form(IMPACT_ASSESSMENT)
ImpactForm = record_form(IMPACT)
RunForm = record_form(RUN)
