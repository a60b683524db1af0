"""Forms of the AI system register. Validation lives in the services; forms only render and collect."""

from django import forms

from forty2.tenancy.models import Membership

from .models import AIModel, AIRole, AISystem, Dataset, Supplier


class AISystemForm(forms.ModelForm):
    business_owner = forms.ChoiceField(required=False, help_text="Accountable for the system's use (A.3.2).")
    technical_owner = forms.ChoiceField(required=False, help_text="Responsible for building or running it.")
    ai_roles = forms.MultipleChoiceField(choices=AIRole.choices, required=False, widget=forms.CheckboxSelectMultiple,
                                         label="Our AI roles",
                                         help_text="The organisation's roles for this system per ISO/IEC 22989 (4.1).")
    vulnerable_groups = forms.NullBooleanField(
        required=False, label="Affects vulnerable groups",
        widget=forms.Select(choices=[("unknown", "Not yet known"), ("true", "Yes"), ("false", "No")]),
        help_text="Patients, children, job applicants or others less able to protect their interests (A.5.4).")
    model_ids = forms.ModelMultipleChoiceField(queryset=AIModel.objects.none(), required=False, label="Models")
    dataset_ids = forms.ModelMultipleChoiceField(queryset=Dataset.objects.none(), required=False, label="Datasets")
    supplier_ids = forms.ModelMultipleChoiceField(queryset=Supplier.objects.none(), required=False,
                                                  label="Suppliers")

    class Meta:
        model = AISystem
        fields = ["name", "purpose", "intended_use", "description", "business_owner", "technical_owner",
                  "business_unit", "lifecycle_stage", "status", "ai_roles", "deployment_context", "geography",
                  "affected_people", "vulnerable_groups", "automation", "human_oversight", "personal_data",
                  "personal_data_notes", "criticality"]
        help_texts = {
            "name": "A short name people recognise, unique in the register.",
            "purpose": "What the system is for and the decision or task it supports (4.1, A.6.1.2).",
            "intended_use": "Who uses it, for what, and uses that are out of bounds (A.9.4).",
            "lifecycle_stage": "Where it is in the AI system life cycle (A.6.2).",
            "status": "Approval state. Approving needs the AIMS manager or owner role.",
            "deployment_context": "Where and how it runs: product, process, channel (A.6.2.5).",
            "geography": "Countries or regions where it is used, e.g. 'EU, UK'.",
            "affected_people": "Who is affected by its outputs (A.5.4, A.5.5).",
            "automation": "How far decisions are automated and where people sit (A.9.2).",
            "human_oversight": "How people oversee, override or stop it (A.9.3).",
            "personal_data": "The most sensitive personal data it processes (A.7.4, A.5.4).",
            "criticality": "How critical the business process it supports is.",
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        people = [("", "—")] + [(m.user.email, str(m.user)) for m in
                                Membership.objects.filter(organization=organization).select_related("user")]
        self.fields["business_owner"].choices = people
        self.fields["technical_owner"].choices = people
        self.fields["model_ids"].queryset = AIModel.objects.for_org(organization)
        self.fields["dataset_ids"].queryset = Dataset.objects.for_org(organization)
        self.fields["supplier_ids"].queryset = Supplier.objects.for_org(organization)
        for name in ("automation", "personal_data", "criticality"):
            self.fields[name].choices = [("", "Not yet assessed")] + list(self.fields[name].choices)[1:]
        if self.instance.pk:
            for key in ("business_owner", "technical_owner"):
                user = getattr(self.instance, key)
                self.initial[key] = user.email if user else ""
            self.initial["model_ids"] = list(self.instance.ai_models.all())
            self.initial["dataset_ids"] = list(self.instance.datasets.all())
            self.initial["supplier_ids"] = list(self.instance.suppliers.all())

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
