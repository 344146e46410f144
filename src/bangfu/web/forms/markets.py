"""Forms of the employment and consumption page (就业帮扶、消费帮扶): a course, a trainee, a placement, a sale.

They only parse and check input; the views find the referenced records within the user's scope and hand the
cleaned values to ``bangfu.markets.services``.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.markets import choices

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money(label, required=False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal(0), max_digits=18, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )  # fmt: skip


def _choice(label, codes, required=True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "—"), *codes.choices], required=required)


class CourseForm(forms.Form):
    code = forms.CharField(label=_("Course code"), max_length=40)
    name = forms.CharField(label=_("Course name"), max_length=200)
    brand = _choice(_("Programme brand"), choices.TrainingBrand)
    skill = forms.CharField(label=_("Skill"), max_length=100, required=False)
    provider = forms.CharField(label=_("Training provider"), max_length=200, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    division = forms.RegexField(
        label=_("Division code (village, town or county)"), regex=r"^\d{12}$", max_length=12,
        error_messages={"invalid": _("A 12-digit division code.")},
    )  # fmt: skip
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End date"), widget=DATE_INPUT, required=False)
    funding = _money(_("Funding (yuan)"))
    funding_source = _choice(_("Funding source"), choices.FundingSource, required=False)


class TraineeForm(forms.Form):
    course = forms.CharField(label=_("Course code"), max_length=40)
    id_number = forms.CharField(label=_("ID number of the member"), max_length=18, min_length=18)
    completed = forms.BooleanField(label=_("Completed"), required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)


class PlacementForm(forms.Form):
    id_number = forms.CharField(label=_("ID number of the member"), max_length=18, min_length=18)
    employer = forms.CharField(label=_("Employer"), max_length=200)
    destination = _choice(_("Destination"), choices.Destination)
    job_kind = _choice(_("Job kind"), choices.JobKind)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End date"), widget=DATE_INPUT, required=False)
    monthly_wage = _money(_("Monthly wage (yuan)"))


class SaleForm(forms.Form):
    product = forms.CharField(label=_("Certificate number of the product"), max_length=60)
    channel = _choice(_("Channel"), choices.Channel)
    buyer_type = _choice(_("Buyer type"), choices.BuyerType)
    buyer = forms.CharField(label=_("Buyer"), max_length=200, required=False)
    amount = _money(_("Amount (yuan)"), required=True)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)


FORMS = {"course": CourseForm, "trainee": TraineeForm, "placement": PlacementForm, "sale": SaleForm}
