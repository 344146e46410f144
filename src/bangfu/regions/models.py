"""Administrative divisions (行政区划): province → city → county → town → village.

Each division has a 12-digit statistical code and a materialized ``path`` of its ancestors' codes, so that
"everything inside this county" is one indexed prefix query (``path__startswith``), whatever the depth.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import TimeStampedModel

division_code_validator = RegexValidator(r"^\d{12}$", _("A division code has exactly 12 digits."))


class Level(models.IntegerChoices):
    PROVINCE = 1, _("province")
    CITY = 2, _("city")
    COUNTY = 3, _("county")
    TOWN = 4, _("town")
    VILLAGE = 5, _("village")


class Division(TimeStampedModel):
    """An administrative division (行政区划)."""

    code = models.CharField(
        _("division code"), max_length=12, unique=True, validators=[division_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=80, db_index=True, editable=False)
    is_functional_zone = models.BooleanField(_("functional zone"), default=False)

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]
        # the county filter of the lists reads every county by code: without it, a scan of all divisions
        # (45,000 at 10^6 households) on every page (issue 16)
        indexes = [models.Index(fields=["level", "code"], name="regions_division_level_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @staticmethod
    def path_for(code: str, parent: "Division | None") -> str:
        return f"{parent.path if parent else '/'}{code}/"
