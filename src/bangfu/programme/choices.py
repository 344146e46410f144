"""Code lists of the programme (对口帮扶): kinds of assisting units, cadre roles, measures, grades.

Stored values are the Chinese codes users type in workbooks; labels are translatable.
Sources: domain-rules.md §3 (measure categories, from the monitoring system's export field lists),
glossary.md (roles), issue #6 (unit kinds, measure statuses, evaluation grades).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.codes import programme as codes


class UnitKind(models.TextChoices):
    """帮扶单位类别."""

    DISTRICT = "区", _("district government")
    CITY_DEPARTMENT = "市直部门", _("city department")
    STATE_ENTERPRISE = "国企", _("state-owned enterprise")
    PRIVATE_ENTERPRISE = "民营企业", _("private enterprise")
    SOCIAL_ORGANISATION = "社会组织", _("social organisation")
    OTHER = "其他", _("other")


class CadreRole(models.TextChoices):
    """帮扶干部的岗位."""

    FIRST_SECRETARY = "第一书记", _("first secretary")
    VILLAGE_TEAM = "驻村工作队员", _("village team member")
    HOUSEHOLD_CONTACT = "帮扶责任人", _("household contact")
    SECONDED = "挂职干部", _("seconded cadre")


#: Roles held by one cadre at a time per place: a village has one first secretary (第一书记), a household one
#: responsible cadre (帮扶责任人). A village team (驻村工作队) has several members and a county several
#: seconded cadres at once, so for those roles only the same cadre cannot hold the same post twice at once.
#: Source: issue #6 (assignments cannot overlap for the same role and place); 驻村工作队 practice.
EXCLUSIVE_ROLES = (CadreRole.FIRST_SECRETARY, CadreRole.HOUSEHOLD_CONTACT)

#: Roles that may be posted to an administrative division (a county or town) instead of a village/household.
DIVISION_ROLES = (CadreRole.SECONDED,)


class MeasureCategory(models.TextChoices):
    """帮扶措施类别 (domain-rules.md §3)."""

    INDUSTRY = codes.MeasureCategory.INDUSTRY, _("industry")
    EMPLOYMENT = codes.MeasureCategory.EMPLOYMENT, _("employment")
    PUBLIC_WELFARE_JOB = codes.MeasureCategory.PUBLIC_WELFARE_JOB, _("public-welfare job")
    FINANCE = codes.MeasureCategory.FINANCE, _("finance")
    HEALTH = codes.MeasureCategory.HEALTH, _("health care")
    EDUCATION = codes.MeasureCategory.EDUCATION, _("education assistance")
    COMPULSORY_EDUCATION = codes.MeasureCategory.COMPULSORY_EDUCATION, _("compulsory education guarantee")
    HOUSING_SAFETY = codes.MeasureCategory.HOUSING_SAFETY, _("housing safety guarantee")
    SAFE_WATER = codes.MeasureCategory.SAFE_WATER, _("safe drinking water guarantee")
    SOCIAL_SECURITY = codes.MeasureCategory.SOCIAL_SECURITY, _("comprehensive social security (safety net)")
    SOCIAL_ASSISTANCE = codes.MeasureCategory.SOCIAL_ASSISTANCE, _("social assistance")
    RELOCATION = codes.MeasureCategory.RELOCATION, _("relocation")


class MeasureStatus(models.TextChoices):
    """帮扶措施状态."""

    PLANNED = codes.MeasureStatus.PLANNED, _("planned")
    IN_PROGRESS = codes.MeasureStatus.IN_PROGRESS, _("in progress")
    DONE = codes.MeasureStatus.DONE, _("completed")
    CANCELLED = codes.MeasureStatus.CANCELLED, _("cancelled")


class EvaluationGrade(models.TextChoices):
    """年度考核等次, best first."""

    GOOD = "好", _("good")
    FAIRLY_GOOD = "较好", _("fairly good")
    FAIR = "一般", _("fair")
    POOR = "较差", _("poor")
