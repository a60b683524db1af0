"""Forms of the AI system register, derived from its definitions; validation lives in the services."""

from forty2.records.definition import LINKS
from forty2.records.forms import record_form

from .definitions import AI_MODEL, AI_SYSTEM, DATASET, LINKED, SUPPLIER
from .models import SystemStatus
from .services import STATUSES_NEEDING_APPROVAL


class AISystemForm(record_form(AI_SYSTEM)):
    def __init__(self, *args, may_approve: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_approve:
            # The service refuses these anyway; offering them would only produce an error.
            current = self.instance.status if self.instance is not None else None
            self.fields["status"].choices = [(v, label) for v, label in SystemStatus.choices
                                             if v not in STATUSES_NEEDING_APPROVAL or v == current]


AIModelForm = record_form(AI_MODEL)
DatasetForm = record_form(DATASET)
SupplierForm = record_form(SUPPLIER)


#: The few fields of a model, dataset or supplier typed on the AI system form to add one without leaving it
#: (issue #15: leaving the form to add a supplier lost what was typed); the rest is filled in on its own page.
INLINE_FIELDS = {"suppliers": ("name", "country"), "models": ("name", "model_version", "provider"),
                 "datasets": ("name", "source")}


def _inline_form(kind):
    rt = LINKED[kind]
    return record_form(rt, exclude=tuple(f.name for f in rt.writable if f.name not in INLINE_FIELDS[kind]))


INLINE_FORMS = {kind: _inline_form(kind) for kind in INLINE_FIELDS}
#: the AI system's link field each kind ticks (``supplier_ids`` for a new supplier)
LINK_FIELD = {kind: next(f.name for f in AI_SYSTEM.fields if f.kind == LINKS and f.related_model is LINKED[kind].model)
              for kind in INLINE_FIELDS}


def inline_forms(data=None, *, organization=None, cleared: str = "") -> dict:
    """{kind: its inline form}, bound to the posted form so typed values survive any re-render; ``cleared``
    names the one whose record was just created (shown empty again)."""
    return {kind: cls(None if kind == cleared else data, organization=organization, prefix=f"new_{kind}")
            for kind, cls in INLINE_FORMS.items()}
