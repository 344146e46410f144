"""Forms of the household section (户页面的帮扶记录): record a visit (走访) and add a measure (帮扶措施).

They only parse and check input; the views hand the cleaned values to ``bangfu.programme.services``.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangfu.programme.choices import MeasureCategory, MeasureStatus
from bangfu.programme.models import Cadre

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CadreChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # A number of 2⁶³ or more would overflow the database (a 500): it is simply not a valid choice.
        if isinstance(value, str) and len(value.strip()) > 18:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, cadre: Cadre) -> str:
        return f"{cadre.name}（{cadre.unit.name}）"


class VisitForm(forms.Form):
    """A household visit: date (today by default), the cadre who visited, notes and findings."""

    date = forms.DateField(label=_("Visit date"), widget=DATE_INPUT)
    cadre = CadreChoiceField(
        label=_("Cadre"), queryset=Cadre.objects.none(), empty_label=_("— choose the cadre —")
    )
    notes = forms.CharField(
        label=_("What was done"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    findings = forms.CharField(
        label=_("Findings"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cadres, own_cadre=None, **kwargs):
        """``own_cadre``: the cadre the signed-in account belongs to, chosen already when posted here."""
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            if own_cadre is not None and cadres.filter(pk=own_cadre.pk).exists():
                self.initial.setdefault("cadre", own_cadre.pk)
            only = list(cadres[:2])
            if len(only) == 1:  # one cadre posted here: chosen already
                self.initial.setdefault("cadre", only[0].pk)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be recorded for a day in the future."))
        return value


class MeasureForm(forms.Form):
    """A measure for this year's plan (一户一策): category, description, status, start date, amount."""

    category = forms.ChoiceField(label=_("Measure category"), choices=[("", "—"), *MeasureCategory.choices])
    description = forms.CharField(label=_("Description"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), choices=MeasureStatus.choices, initial=MeasureStatus.PLANNED
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE_INPUT)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        required=False,
        min_value=Decimal(0),
        max_digits=18,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
