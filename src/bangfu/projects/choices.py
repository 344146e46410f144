"""Code lists of projects and funds (帮扶项目与资金).

Stored values are the Chinese codes users type in workbooks; labels are translatable. Source: issue #6,
glossary.md (产业扶贫 / 就业扶贫 / 消费扶贫 / 民生帮扶; 资金 下达 / 拨付 / 支出).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectCategory(models.TextChoices):
    """项目类别 (also the category of funds not tied to a project)."""

    INDUSTRY = "产业", _("industry")
    EMPLOYMENT = "就业", _("employment")
    CONSUMPTION = "消费", _("consumption")
    LIVELIHOOD = "民生", _("livelihood")
    INFRASTRUCTURE = "基础设施", _("infrastructure")
    EDUCATION = "教育", _("education assistance")
    MEDICAL = "医疗", _("medical care")
    OTHER = "其他", _("other")


class ProjectStatus(models.TextChoices):
    """项目状态, in the order a project passes through them (``PROJECT_STATUS_ORDER``)."""

    PIPELINE = "储备", _("pipeline")
    APPROVED = "立项", _("approved")
    IMPLEMENTING = "实施", _("being implemented")
    COMPLETED = "完工", _("completed")
    ACCEPTED = "验收", _("accepted")


#: A project moves one step forward at a time; any other move needs a recorded reason.
PROJECT_STATUS_ORDER: tuple[str, ...] = tuple(ProjectStatus.values)


class OutputKind(models.TextChoices):
    """项目产出类别: what a project produced, counted in its own unit."""

    HOSPITAL_BEDS = "病床", _("hospital beds")
    SCHOOL_PLACES = "学位", _("school places")
    JOBS = "就业岗位", _("jobs")
    ROADS_KM = "道路公里", _("roads (km)")
    OTHER = "其他", _("other")


class FundKind(models.TextChoices):
    """资金流向: allocated (下达) → disbursed (拨付) → spent (支出)."""

    ALLOCATION = "下达", _("allocation")
    DISBURSEMENT = "拨付", _("disbursement")
    EXPENDITURE = "支出", _("expenditure")


class FundSource(models.TextChoices):
    """资金来源. The donor side's public finance (e.g. 深圳市财政) is one code whatever the donor city."""

    DONOR_FINANCE = "帮扶方财政", _("donor city finance")
    LOCAL_FINANCE = "地方财政", _("local finance")
    SOCIAL_DONATION = "社会捐赠", _("social donation")
    ENTERPRISE = "企业", _("enterprise")


#: Funds that are not assistance: the recipient's own co-funding.
NOT_ASSISTANCE = (FundSource.LOCAL_FINANCE,)


class InvestmentStatus(models.TextChoices):
    """招商项目进度."""

    SIGNED = "签约", _("signed")
    STARTED = "开工", _("construction started")
    PRODUCING = "投产", _("in production")
