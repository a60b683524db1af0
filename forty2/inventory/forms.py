"""Forms of the AI system register, derived from its definitions; validation lives in the services."""

from forty2.records.forms import record_form

from .definitions import AI_MODEL, AI_SYSTEM, DATASET, SUPPLIER
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
