"""Code lists of dynamic monitoring, stored as the Chinese terms of the national system (domain-rules.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.codes import monitoring as codes


class Category(models.TextChoices):
    """监测对象类别."""

    UNSTABLE_EXITED = codes.Category.UNSTABLE_EXITED, _("exited household at risk")
    NEAR_POOR = codes.Category.NEAR_POOR, _("household near the poverty line")
    SUDDEN_HARDSHIP = codes.Category.SUDDEN_HARDSHIP, _("household in sudden severe hardship")


class RiskType(models.TextChoices):
    """风险类型 (a case has one to five)."""

    ILLNESS = codes.RiskType.ILLNESS, _("illness")
    SCHOOLING = codes.RiskType.SCHOOLING, _("schooling costs")
    DISABILITY = codes.RiskType.DISABILITY, _("disability")
    DISASTER = codes.RiskType.DISASTER, _("natural disaster")
    ACCIDENT = codes.RiskType.ACCIDENT, _("accident")
    INDUSTRY_FAILURE = codes.RiskType.INDUSTRY_FAILURE, _("failed production project")
    UNSTABLE_WORK = codes.RiskType.UNSTABLE_WORK, _("unstable employment")
    LACK_OF_LABOUR = codes.RiskType.LACK_OF_LABOUR, _("lack of labour")
    HOUSING = codes.RiskType.HOUSING, _("housing safety")
    WATER = codes.RiskType.WATER, _("drinking-water safety")
    OTHER = codes.RiskType.OTHER, _("other")


MAX_RISK_TYPES = 5


class Channel(models.TextChoices):
    """发现渠道."""

    SELF_REPORT = "农户自主申报", _("reported by the household")
    CADRE_VISIT = "基层干部排查", _("found by local cadres")
    DEPARTMENT = "部门筛查预警", _("department alert")
    SCREENING = "标准筛查", _("screening against the monitoring standard")


class Step(models.TextChoices):
    """The step a case is at (识别程序, then 帮扶 and 风险消除)."""

    VERIFICATION = codes.Step.VERIFICATION, _("household visit")
    VILLAGE_REVIEW = codes.Step.VILLAGE_REVIEW, _("village review")
    PUBLICITY = codes.Step.PUBLICITY, _("public notice")
    TOWNSHIP_REVIEW = codes.Step.TOWNSHIP_REVIEW, _("township review")
    COUNTY_APPROVAL = codes.Step.COUNTY_APPROVAL, _("county approval")
    ASSISTANCE = codes.Step.ASSISTANCE, _("assistance")
    ELIMINATED = codes.Step.ELIMINATED, _("risk eliminated")
    NOT_IDENTIFIED = codes.Step.NOT_IDENTIFIED, _("not identified")


OPEN_STEPS = (
    Step.VERIFICATION,
    Step.VILLAGE_REVIEW,
    Step.PUBLICITY,
    Step.TOWNSHIP_REVIEW,
    Step.COUNTY_APPROVAL,
    Step.ASSISTANCE,
)


class EliminationMethod(models.TextChoices):
    """风险消除方式."""

    BY_ASSISTANCE = codes.EliminationMethod.BY_ASSISTANCE, _("eliminated through assistance")
    NATURAL = codes.EliminationMethod.NATURAL, _("eliminated naturally")


class LeadStatus(models.TextChoices):
    OPEN = "待核实", _("to be visited")
    CASE = "已立案", _("turned into a case")
    CLOSED = "已关闭", _("closed")


class AlertStatus(models.TextChoices):
    """预警状态. Rows under a threshold and unmatched rows are kept with their own status."""

    OPEN = "待核实", _("to be verified")
    CASE = "已纳入监测", _("turned into a case")
    CLOSED = "已关闭", _("closed")
    UNDER_THRESHOLD = "未达阈值", _("under the threshold")
    UNMATCHED = "未匹配", _("not in the register")
