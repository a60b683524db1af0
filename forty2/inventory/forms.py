"""Forms of the AI system register. Validation lives in the services; forms only render and collect.

Help texts are plain words that name the ISO/IEC 42001 clause or Annex A control the answer serves.
"""

from django import forms

from forty2.tenancy.models import Membership

from .models import AIModel, AIRole, AISystem, Dataset, Supplier, SystemStatus
from .services import STATUSES_NEEDING_APPROVAL

#: The form in the order a person thinks about a system: (legend, hint, fields).
FIELDSETS = [
    ("Identity and purpose", "What the system is and why the organisation has it (ISO/IEC 42001 4.1, A.6.1.2).",
     ["name", "purpose", "intended_use", "description"]),
    ("Ownership", "Who is accountable and responsible for it (5.3, A.3.2).",
     ["business_owner", "technical_owner", "business_unit"]),
    ("Life cycle and status", "Where it is in its life and whether it has been approved (A.6.2).",
     ["lifecycle_stage", "status", "criticality"]),
    ("Use and people affected", "Who it touches and where (6.1.4 AI system impact assessment, A.5).",
     ["ai_roles", "deployment_context", "geography", "affected_people", "vulnerable_groups"]),
    ("Automation and oversight", "How far it decides on its own and how people stay in control (A.9).",
     ["automation", "human_oversight"]),
    ("Data", "Personal data it processes (A.7.4 data quality, A.7.5 data provenance).",
     ["personal_data", "personal_data_notes"]),
    ("Links", "The models, datasets and suppliers it depends on (A.4.3, A.7, A.10).",
     ["model_ids", "dataset_ids", "supplier_ids"]),
]


class NullBooleanRadio(forms.RadioSelect):
    """Yes / No / Not yet known as radios (GOV.UK style); values map like Django's NullBooleanSelect."""

    def __init__(self, attrs=None, unknown_label="Not yet known"):
        super().__init__(attrs, choices=[("unknown", unknown_label), ("true", "Yes"), ("false", "No")])

    def format_value(self, value):
        return [{True: "true", False: "false", "true": "true", "false": "false"}.get(value, "unknown")]

    def value_from_datadict(self, data, files, name):
        return {True: True, "True": True, "true": True, False: False, "False": False,
                "false": False}.get(data.get(name))


class InlineRadio(forms.RadioSelect):
    """Radios laid out in a row, for short choices."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "inline", **(attrs or {})}, choices)


class ServiceValidated:
    """Leave required-text checks to the service, so one submit reports every problem at once (GOV.UK).

    The fields still read as required: templates consult ``service_required`` for the "(optional)" marker.
    """

    def _defer_required(self):
        self.service_required = set()
        for name, field in self.fields.items():
            if field.required and type(field) is forms.CharField:
                field.required = False
                self.service_required.add(name)


def _people(organization, *current_users):
    """Active members, plus anyone currently named on the record so an expired owner is not silently lost."""
    users = {m.user for m in Membership.objects.active().filter(organization=organization).select_related("user")}
    users |= {u for u in current_users if u is not None}
    return [("", "Nobody yet")] + [(u.email, f"{u.full_name} ({u.email})" if u.full_name else u.email)
                                   for u in sorted(users, key=lambda u: (str(u).lower(), u.email))]


class LinkIdsField(forms.ModelMultipleChoiceField):
    """Record ids from checkboxes; a value that is not a database id is an invalid choice, not a 500."""

    def _check_values(self, value):
        for item in value:
            if not str(item).isdigit() or int(item) >= 2**63:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": item})
        return super()._check_values(value)


class AISystemForm(ServiceValidated, forms.ModelForm):
    business_owner = forms.ChoiceField(
        required=False, help_text="The person accountable for the system and its use (A.3.2).")
    technical_owner = forms.ChoiceField(
        required=False, help_text="The person responsible for building, buying or running it (A.3.2).")
    ai_roles = forms.MultipleChoiceField(
        choices=AIRole.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Our AI roles",
        help_text="Select all that apply. Providers build or supply it; customers use it (ISO/IEC 22989; 4.1).")
    vulnerable_groups = forms.NullBooleanField(
        required=False, label="Does it affect vulnerable groups?", widget=NullBooleanRadio(attrs={"class": "inline"}),
        help_text="For example patients, children or job applicants: people less able to protect their "
                  "interests (A.5.4).")
    model_ids = LinkIdsField(
        queryset=AIModel.objects.none(), required=False, label="Models", widget=forms.CheckboxSelectMultiple,
        help_text="Trained or general-purpose models the system uses (A.4.3, A.6.2.3).")
    dataset_ids = LinkIdsField(
        queryset=Dataset.objects.none(), required=False, label="Datasets", widget=forms.CheckboxSelectMultiple,
        help_text="Data used to train, test or run it (A.7.2).")
    supplier_ids = LinkIdsField(
        queryset=Supplier.objects.none(), required=False, label="Suppliers", widget=forms.CheckboxSelectMultiple,
        help_text="Third parties that supply it or parts of it (A.10.3).")

    class Meta:
        model = AISystem
        fields = ["name", "purpose", "intended_use", "description", "business_owner", "technical_owner",
                  "business_unit", "lifecycle_stage", "status", "ai_roles", "deployment_context", "geography",
                  "affected_people", "vulnerable_groups", "automation", "human_oversight", "personal_data",
                  "personal_data_notes", "criticality"]
        labels = {
            "purpose": "What is it for?",
            "intended_use": "Intended use",
            "lifecycle_stage": "Life cycle stage",
            "deployment_context": "Where and how it is used",
            "affected_people": "Who is affected by its outputs",
            "automation": "Degree of automation",
            "human_oversight": "Human oversight",
            "personal_data": "Personal data",
            "personal_data_notes": "Notes on personal data",
        }
        help_texts = {
            "name": "A short name people recognise. It must be unique in the register.",
            "purpose": "The task it performs or the decision it supports, in a sentence or two (4.1, A.6.1.2).",
            "intended_use": "Who uses it and for what, and any uses that are out of bounds (A.9.4).",
            "description": "Anything else a reviewer should know: how it works, known limits.",
            "business_unit": "The department or team that uses it, e.g. 'Emergency medicine'.",
            "lifecycle_stage": "Where it is in the AI system life cycle (A.6.2).",
            "status": "Approval state. Only an AIMS manager or owner can approve, restrict or retire a system.",
            "criticality": "How much harm a failure could do to the business process it supports.",
            "deployment_context": "The product, process or channel it runs in (A.6.2.5).",
            "geography": "Countries or regions where it is used, e.g. 'EU, UK'.",
            "affected_people": "Users, customers, patients, staff or the public (A.5.4, A.5.5).",
            "automation": "How far decisions are automated and where people sit (A.9.2).",
            "human_oversight": "How people check, override or stop it, and who they are (A.9.3).",
            "personal_data": "The most sensitive personal data it processes (A.7.4).",
            "personal_data_notes": "What personal data, the lawful basis and any data-protection assessment.",
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "intended_use": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "deployment_context": forms.Textarea(attrs={"rows": 2}),
            "affected_people": forms.Textarea(attrs={"rows": 2}),
            "human_oversight": forms.Textarea(attrs={"rows": 3}),
            "personal_data_notes": forms.Textarea(attrs={"rows": 2}),
            "automation": forms.RadioSelect,
            "personal_data": forms.RadioSelect,
            "criticality": InlineRadio,
        }

    def __init__(self, *args, organization, may_approve: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self._defer_required()
        instance = self.instance if self.instance.pk else None
        named = [getattr(instance, f) for f in ("business_owner", "technical_owner")] if instance else []
        people = _people(organization, *named)
        self.fields["business_owner"].choices = people
        self.fields["technical_owner"].choices = people
        self.fields["model_ids"].queryset = AIModel.objects.for_org(organization)
        self.fields["dataset_ids"].queryset = Dataset.objects.for_org(organization)
        self.fields["supplier_ids"].queryset = Supplier.objects.for_org(organization)
        for name in ("automation", "personal_data", "criticality"):
            self.fields[name].choices = [("", "Not yet assessed")] + list(self.fields[name].choices)[1:]
        if not may_approve:
            # The service refuses these anyway; offering them would only produce an error.
            current = instance.status if instance else None
            self.fields["status"].choices = [(v, label) for v, label in SystemStatus.choices
                                             if v not in STATUSES_NEEDING_APPROVAL or v == current]
        if instance:
            for key in ("business_owner", "technical_owner"):
                user = getattr(instance, key)
                self.initial[key] = user.email if user else ""
            self.initial["model_ids"] = list(instance.ai_models.all())
            self.initial["dataset_ids"] = list(instance.datasets.all())
            self.initial["supplier_ids"] = list(instance.suppliers.all())

    def fieldsets(self):
        """(legend, hint, bound fields) in display order, for templates that render one fieldset at a time."""
        return [(legend, hint, [self[name] for name in names]) for legend, hint, names in FIELDSETS]

    def _post_clean(self):
        # Validation is the service's job (one rule, one place); skip the model's own full_clean.
        pass

    def service_data(self) -> dict:
        data = {}
        for name, value in self.cleaned_data.items():
            if name in ("model_ids", "dataset_ids", "supplier_ids"):
                data[name] = [obj.pk for obj in value]
            else:
                data[name] = value
        data["business_owner"] = data.get("business_owner") or None
        data["technical_owner"] = data.get("technical_owner") or None
        return data


class LinkedForm(ServiceValidated, forms.ModelForm):
    """Base for models, datasets and suppliers: the service in :mod:`forty2.inventory.linked` validates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._defer_required()

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class AIModelForm(LinkedForm):
    # A plain text field: the service checks the link (http/https), so the form adds no rule of its own.
    model_card_url = forms.CharField(required=False, max_length=500, label="Model card link",
                                     widget=forms.URLInput(attrs={"inputmode": "url"}),
                                     help_text="A link to its model card or technical documentation (A.6.2.7).")

    class Meta:
        model = AIModel
        fields = ["name", "model_version", "provider", "licence", "model_card_url", "description"]
        labels = {"model_version": "Version", "model_card_url": "Model card link"}
        help_texts = {
            "name": "For example 'Sepsis-EWS' or 'GPT-4o'. Name and version together must be unique.",
            "model_version": "The version or release you use, e.g. '2.3' or '2024-08-06'.",
            "provider": "Who built it: your team or a vendor (A.10.3).",
            "licence": "Licence or contract terms, e.g. 'Apache-2.0' or 'commercial'.",
            "description": "Architecture, training approach and known limits (A.6.2.3).",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class DatasetForm(LinkedForm):
    class Meta:
        model = Dataset
        fields = ["name", "source", "provenance", "licence", "personal_data", "known_biases"]
        labels = {"personal_data": "Personal data"}
        help_texts = {
            "name": "A name unique in the register.",
            "source": "The system, vendor or public source it comes from (A.7.3).",
            "provenance": "How it was collected and processed, and by whom (A.7.5).",
            "licence": "Licence or agreement that lets you use it.",
            "personal_data": "The most sensitive personal data it contains (A.7.4).",
            "known_biases": "Gaps, skews or quality issues you know of (A.7.4).",
        }
        widgets = {"provenance": forms.Textarea(attrs={"rows": 3}),
                   "known_biases": forms.Textarea(attrs={"rows": 3}),
                   "personal_data": forms.RadioSelect}


class SupplierForm(LinkedForm):
    class Meta:
        model = Supplier
        fields = ["name", "services", "country", "contact", "contract_reference"]
        labels = {"services": "What they supply", "contract_reference": "Contract reference"}
        help_texts = {
            "name": "The supplier's legal or trading name.",
            "services": "The AI systems, models, data or services they provide (A.10.3).",
            "country": "Where they are established, e.g. 'Germany'.",
            "contact": "Who to contact about the AI they supply.",
            "contract_reference": "Your contract or purchase-order number.",
        }
        widgets = {"services": forms.Textarea(attrs={"rows": 3})}
