"""Code lists of the programme (对口帮扶): kinds of assisting units, cadre roles, measures, grades.

Stored values are the Chinese codes users type in workbooks; labels are translatable.
Sources: domain-rules.md §3 (measure categories, from the monitoring system's export field lists),
glossary.md (roles), issue #6 (unit kinds, measure statuses, evaluation grades).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

    INDUSTRY = "产业", _("industry")
    EMPLOYMENT = "就业", _("employment")
    PUBLIC_WELFARE_JOB = "公益岗位", _("public-welfare job")
    FINANCE = "金融", _("finance")
    HEALTH = "健康", _("health care")
    EDUCATION = "教育", _("education assistance")
    COMPULSORY_EDUCATION = "义务教育保障", _("compulsory education guarantee")
    HOUSING_SAFETY = "住房安全保障", _("housing safety guarantee")
    SAFE_WATER = "饮水安全保障", _("safe drinking water guarantee")
    SOCIAL_SECURITY = "综合保障(兜底)", _("comprehensive social security (safety net)")
    SOCIAL_ASSISTANCE = "社会帮扶", _("social assistance")
    RELOCATION = "搬迁", _("relocation")


class MeasureStatus(models.TextChoices):
    """帮扶措施状态."""

    PLANNED = "计划", _("planned")
    IN_PROGRESS = "实施中", _("in progress")
    DONE = "已完成", _("completed")
    CANCELLED = "取消", _("cancelled")


class EvaluationGrade(models.TextChoices):
    """年度考核等次, best first."""

    GOOD = "好", _("good")
    FAIRLY_GOOD = "较好", _("fairly good")
    FAIR = "一般", _("fair")
    POOR = "较差", _("poor")
