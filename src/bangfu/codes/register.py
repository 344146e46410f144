"""Code lists of the register (建档立卡): the Chinese codes of the register workbook and the national system.

Stored values only (shared/contracts/registry-template.md, domain-rules.md §4); ``bangfu.registry.choices``
adds the translatable labels.
"""

from __future__ import annotations

from enum import StrEnum


class HouseholdAttribute(StrEnum):
    """贫困户属性."""

    GENERAL_POOR = "一般贫困户"
    DIBAO_POOR = "低保贫困户"
    TEKUN_POOR = "特困供养贫困户"
    ORDINARY = "一般农户"


#: Attributes of registered poor households (建档立卡贫困户), as opposed to ordinary households.
REGISTERED_POOR_ATTRIBUTES = (
    HouseholdAttribute.GENERAL_POOR,
    HouseholdAttribute.DIBAO_POOR,
    HouseholdAttribute.TEKUN_POOR,
)


class PovertyCause(StrEnum):
    """主要致贫原因."""

    ILLNESS = "因病"
    DISABILITY = "因残"
    SCHOOLING = "因学"
    DISASTER = "因灾"
    LACK_OF_LAND = "缺土地"
    LACK_OF_WATER = "缺水"
    LACK_OF_SKILLS = "缺技术"
    LACK_OF_LABOUR = "缺劳动力"
    LACK_OF_CAPITAL = "缺资金"
    POOR_TRANSPORT = "交通条件落后"
    LACK_OF_DRIVE = "自身发展动力不足"
    OTHER = "其他"


class HousingGrade(StrEnum):
    """住房安全等级 (危房级别)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Relation(StrEnum):
    """与户主关系."""

    HEAD = "户主"
    SPOUSE = "配偶"
    SON = "子"
    DAUGHTER = "女"
    DAUGHTER_IN_LAW = "儿媳"
    SON_IN_LAW = "女婿"
    GRANDCHILD = "孙子女"
    PARENT = "父母"
    SIBLING = "兄弟姐妹"
    OTHER = "其他"


class Sex(StrEnum):
    MALE = "男"
    FEMALE = "女"


class Education(StrEnum):
    """文化程度 (for members not in school)."""

    ILLITERATE = "文盲或半文盲"
    PRIMARY = "小学"
    JUNIOR = "初中"
    SENIOR = "高中"
    COLLEGE = "大专"
    BACHELOR = "本科及以上"


class SchoolStatus(StrEnum):
    """在校生状况 (for members in school or of pre-school age)."""

    PRESCHOOL_CHILD = "学龄前儿童"
    PRESCHOOL_EDUCATION = "学前教育"
    PRIMARY = "小学"
    GRADES_7_9 = "七至九年级"
    SENIOR_OR_VOCATIONAL = "高中/中职"
    HIGHER_VOCATIONAL_OR_UNIVERSITY = "高职/大专/本科"
    POSTGRADUATE = "硕士及以上"


class Health(StrEnum):
    """健康状况."""

    HEALTHY = "健康"
    CHRONIC = "长期慢性病"
    SERIOUS = "患有大病"
    DISABLED = "残疾"


class LabourAbility(StrEnum):
    """劳动技能."""

    ORDINARY = "普通劳动力"
    SKILLED = "技能劳动力"
    WEAK = "弱劳动力或半劳动力"
    LOST = "丧失劳动力"
    NONE = "无劳动力"


class DropoutReason(StrEnum):
    """辍学原因."""

    HEALTH = "身体原因"
    OTHER = "其他"
