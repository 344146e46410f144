"""What the programme's models share: money and year fields, history, validators, the period constraint."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.cn import uscc

from bangfu.registry.importing.identity import id_number_problem

MONEY = {"max_digits": 18, "decimal_places": 2}
YEAR = {"validators": [MinValueValidator(1949), MaxValueValidator(2100)]}


def programme_history() -> HistoricalRecords:
    """Change history (who, when, old and new values); timestamps are the history's own."""
    return HistoricalRecords(excluded_fields=["created_at", "updated_at"])


def uscc_validator(value: str) -> None:
    """A unified social credit code (统一社会信用代码), checked with python-stdnum ``cn.uscc``."""
    if value and not uscc.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code (18 characters with a check character)"),
            code="uscc",
            params={"value": value},
        )


def id_number_valid(value: str) -> bool:
    """An 18-digit resident ID number (居民身份证号码) as the register checks it (registry.importing.identity)."""
    return id_number_problem(value, "") is None


def id_number_validator(value: str) -> None:
    if value and not id_number_valid(value):
        raise ValidationError(
            _("Not a valid 18-digit resident ID number"), code="id_number", params={"value": value}
        )


def ends_after_start(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
        name=name,
        violation_error_message=_("The end date must not be before the start date."),
    )
