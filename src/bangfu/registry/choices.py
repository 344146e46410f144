"""Code lists of the register (建档立卡), as the contract and the national system spell them.

Stored values are the Chinese codes that appear in the register workbook
(shared/contracts/registry-template.md); labels are translatable.
Source: domain-rules.md §4 (national register export field lists).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdAttribute(models.TextChoices):
    """贫困户属性."""

    GENERAL_POOR = "一般贫困户", _("general poor household")
    DIBAO_POOR = "低保贫困户", _("minimum-living-allowance poor household")
    TEKUN_POOR = "特困供养贫困户", _("extreme-poverty-support poor household")
    ORDINARY = "一般农户", _("ordinary farming household")


#: Spellings the contract accepts for an attribute, mapped to the stored code.
ATTRIBUTE_ALIASES = {"五保户": HouseholdAttribute.TEKUN_POOR}

#: Attributes of registered poor households (建档立卡贫困户), as opposed to ordinary households.
REGISTERED_POOR_ATTRIBUTES = (
    HouseholdAttribute.GENERAL_POOR,
    HouseholdAttribute.DIBAO_POOR,
    HouseholdAttribute.TEKUN_POOR,
)


class PovertyCause(models.TextChoices):
    """主要致贫原因."""

    ILLNESS = "因病", _("illness")
    DISABILITY = "因残", _("disability")
    SCHOOLING = "因学", _("schooling costs")
    DISASTER = "因灾", _("disaster")
    LACK_OF_LAND = "缺土地", _("lack of land")
    LACK_OF_WATER = "缺水", _("lack of water")
    LACK_OF_SKILLS = "缺技术", _("lack of skills")
    LACK_OF_LABOUR = "缺劳动力", _("lack of labour")
    LACK_OF_CAPITAL = "缺资金", _("lack of capital")
    POOR_TRANSPORT = "交通条件落后", _("poor transport")
    LACK_OF_DRIVE = "自身发展动力不足", _("lack of own drive")
    OTHER = "其他", _("other")


class HousingGrade(models.TextChoices):
    """住房安全等级 (危房级别)."""

    A = "A", _("A (safe)")
    B = "B", _("B (basically safe)")
    C = "C", _("C (partly dangerous)")
    D = "D", _("D (dangerous)")


class Relation(models.TextChoices):
    """与户主关系."""

    HEAD = "户主", _("head of household")
    SPOUSE = "配偶", _("spouse")
    SON = "子", _("son")
    DAUGHTER = "女", _("daughter")
    DAUGHTER_IN_LAW = "儿媳", _("daughter-in-law")
    SON_IN_LAW = "女婿", _("son-in-law")
    GRANDCHILD = "孙子女", _("grandchild")
    PARENT = "父母", _("parent")
    SIBLING = "兄弟姐妹", _("sibling")
    OTHER = "其他", _("other")


class Sex(models.TextChoices):
    MALE = "男", _("male")
    FEMALE = "女", _("female")


class Education(models.TextChoices):
    """文化程度 (for members not in school)."""

    ILLITERATE = "文盲或半文盲", _("illiterate or semi-literate")
    PRIMARY = "小学", _("primary school")
    JUNIOR = "初中", _("junior secondary")
    SENIOR = "高中", _("senior secondary")
    COLLEGE = "大专", _("junior college")
    BACHELOR = "本科及以上", _("bachelor or above")


class SchoolStatus(models.TextChoices):
    """在校生状况 (for members in school or of pre-school age)."""

    PRESCHOOL_CHILD = "学龄前儿童", _("pre-school child")
    PRESCHOOL_EDUCATION = "学前教育", _("pre-school education")
    PRIMARY = "小学", _("primary school")
    GRADES_7_9 = "七至九年级", _("grades 7 to 9")
    SENIOR_OR_VOCATIONAL = "高中/中职", _("senior secondary or vocational")
    HIGHER_VOCATIONAL_OR_UNIVERSITY = "高职/大专/本科", _("higher vocational, college or university")
    POSTGRADUATE = "硕士及以上", _("postgraduate")


class Health(models.TextChoices):
    """健康状况."""

    HEALTHY = "健康", _("healthy")
    CHRONIC = "长期慢性病", _("long-term chronic illness")
    SERIOUS = "患有大病", _("serious illness")
    DISABLED = "残疾", _("disabled")


class LabourAbility(models.TextChoices):
    """劳动技能."""

    ORDINARY = "普通劳动力", _("ordinary labour")
    SKILLED = "技能劳动力", _("skilled labour")
    WEAK = "弱劳动力或半劳动力", _("weak or half labour")
    LOST = "丧失劳动力", _("lost labour ability")
    NONE = "无劳动力", _("no labour ability")


#: The abilities the demo generator models as able to work. Who *counts* as labour in standards, figures and
#: reports is a policy choice of the standard files (``labour_abilities``, docs/standards.md), not this tuple.
LABOUR_ABILITIES_WITH_LABOUR = (LabourAbility.ORDINARY, LabourAbility.SKILLED, LabourAbility.WEAK)


class DropoutReason(models.TextChoices):
    """辍学原因."""

    HEALTH = "身体原因", _("health reasons")
    OTHER = "其他", _("other")
