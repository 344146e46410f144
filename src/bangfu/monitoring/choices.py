"""Code lists of dynamic monitoring, stored as the Chinese terms of the national system (domain-rules.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """监测对象类别."""

    UNSTABLE_EXITED = "脱贫不稳定户", _("exited household at risk")
    NEAR_POOR = "边缘易致贫户", _("household near the poverty line")
    SUDDEN_HARDSHIP = "突发严重困难户", _("household in sudden severe hardship")


class RiskType(models.TextChoices):
    """风险类型 (a case has one to five)."""

    ILLNESS = "因病", _("illness")
    SCHOOLING = "因学", _("schooling costs")
    DISABILITY = "因残", _("disability")
    DISASTER = "因自然灾害", _("natural disaster")
    ACCIDENT = "因意外事故", _("accident")
    INDUSTRY_FAILURE = "因产业项目失败", _("failed production project")
    UNSTABLE_WORK = "因务工就业不稳", _("unstable employment")
    LACK_OF_LABOUR = "缺劳动力", _("lack of labour")
    HOUSING = "住房安全", _("housing safety")
    WATER = "饮水安全", _("drinking-water safety")
    OTHER = "其他", _("other")


MAX_RISK_TYPES = 5


class Channel(models.TextChoices):
    """发现渠道."""

    SELF_REPORT = "农户自主申报", _("reported by the household")
    CADRE_VISIT = "基层干部排查", _("found by local cadres")
    DEPARTMENT = "部门筛查预警", _("department alert")
    SCREENING = "标准筛查", _("screening against the monitoring standard")


class Step(models.TextChoices):
    """The step a case is at (识别程序, then 帮扶 and 风险消除)."""

    VERIFICATION = "入户核实", _("household visit")
    VILLAGE_REVIEW = "村级评议", _("village review")
    PUBLICITY = "公示", _("public notice")
    TOWNSHIP_REVIEW = "乡镇审核", _("township review")
    COUNTY_APPROVAL = "县级审定", _("county approval")
    ASSISTANCE = "帮扶", _("assistance")
    ELIMINATED = "风险消除", _("risk eliminated")
    NOT_IDENTIFIED = "不予识别", _("not identified")


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

    BY_ASSISTANCE = "帮扶消除", _("eliminated through assistance")
    NATURAL = "自然消除", _("eliminated naturally")


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
