"""The one form of the catalog pages: where the organisation stands on a requirement (ISO/IEC 42001 9.1)."""

from django import forms

from .models import ConformityStatus
from .services import NOTE_MAX


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=ConformityStatus.choices, widget=forms.RadioSelect,
        help_text="Your own assessment against this requirement (ISO/IEC 42001 9.1). It replaces any status "
                  "inferred from a mapping.")
    note = forms.CharField(
        required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: the evidence you looked at, or what is still missing.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InferenceForm(forms.Form):
    from_framework = forms.CharField(widget=forms.HiddenInput)
    from_ref = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=NOTE_MAX)
