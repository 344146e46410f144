"""Code lists of the register (建档立卡), as the contract and the national system spell them.

Stored values are the Chinese codes that appear in the register workbook
(shared/contracts/registry-template.md); labels are translatable.
Source: domain-rules.md §4 (national register export field lists).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.codes import register as codes


class HouseholdAttribute(models.TextChoices):
    """贫困户属性."""

    GENERAL_POOR = codes.HouseholdAttribute.GENERAL_POOR, _("general poor household")
    DIBAO_POOR = codes.HouseholdAttribute.DIBAO_POOR, _("minimum-living-allowance poor household")
    TEKUN_POOR = codes.HouseholdAttribute.TEKUN_POOR, _("extreme-poverty-support poor household")
    ORDINARY = codes.HouseholdAttribute.ORDINARY, _("ordinary farming household")


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

    ILLNESS = codes.PovertyCause.ILLNESS, _("illness")
    DISABILITY = codes.PovertyCause.DISABILITY, _("disability")
    SCHOOLING = codes.PovertyCause.SCHOOLING, _("schooling costs")
    DISASTER = codes.PovertyCause.DISASTER, _("disaster")
    LACK_OF_LAND = codes.PovertyCause.LACK_OF_LAND, _("lack of land")
    LACK_OF_WATER = codes.PovertyCause.LACK_OF_WATER, _("lack of water")
    LACK_OF_SKILLS = codes.PovertyCause.LACK_OF_SKILLS, _("lack of skills")
    LACK_OF_LABOUR = codes.PovertyCause.LACK_OF_LABOUR, _("lack of labour")
    LACK_OF_CAPITAL = codes.PovertyCause.LACK_OF_CAPITAL, _("lack of capital")
    POOR_TRANSPORT = codes.PovertyCause.POOR_TRANSPORT, _("poor transport")
    LACK_OF_DRIVE = codes.PovertyCause.LACK_OF_DRIVE, _("lack of own drive")
    OTHER = codes.PovertyCause.OTHER, _("other")


class HousingGrade(models.TextChoices):
    """住房安全等级 (危房级别)."""

    A = codes.HousingGrade.A, _("A (safe)")
    B = codes.HousingGrade.B, _("B (basically safe)")
    C = codes.HousingGrade.C, _("C (partly dangerous)")
    D = codes.HousingGrade.D, _("D (dangerous)")


class Relation(models.TextChoices):
    """与户主关系."""

    HEAD = codes.Relation.HEAD, _("head of household")
    SPOUSE = codes.Relation.SPOUSE, _("spouse")
    SON = codes.Relation.SON, _("son")
    DAUGHTER = codes.Relation.DAUGHTER, _("daughter")
    DAUGHTER_IN_LAW = codes.Relation.DAUGHTER_IN_LAW, _("daughter-in-law")
    SON_IN_LAW = codes.Relation.SON_IN_LAW, _("son-in-law")
    GRANDCHILD = codes.Relation.GRANDCHILD, _("grandchild")
    PARENT = codes.Relation.PARENT, _("parent")
    SIBLING = codes.Relation.SIBLING, _("sibling")
    OTHER = codes.Relation.OTHER, _("other")


class Sex(models.TextChoices):
    MALE = codes.Sex.MALE, _("male")
    FEMALE = codes.Sex.FEMALE, _("female")


class Education(models.TextChoices):
    """文化程度 (for members not in school)."""

    ILLITERATE = codes.Education.ILLITERATE, _("illiterate or semi-literate")
    PRIMARY = codes.Education.PRIMARY, _("primary school")
    JUNIOR = codes.Education.JUNIOR, _("junior secondary")
    SENIOR = codes.Education.SENIOR, _("senior secondary")
    COLLEGE = codes.Education.COLLEGE, _("junior college")
    BACHELOR = codes.Education.BACHELOR, _("bachelor or above")


class SchoolStatus(models.TextChoices):
    """在校生状况 (for members in school or of pre-school age)."""

    PRESCHOOL_CHILD = codes.SchoolStatus.PRESCHOOL_CHILD, _("pre-school child")
    PRESCHOOL_EDUCATION = codes.SchoolStatus.PRESCHOOL_EDUCATION, _("pre-school education")
    PRIMARY = codes.SchoolStatus.PRIMARY, _("primary school")
    GRADES_7_9 = codes.SchoolStatus.GRADES_7_9, _("grades 7 to 9")
    SENIOR_OR_VOCATIONAL = codes.SchoolStatus.SENIOR_OR_VOCATIONAL, _("senior secondary or vocational")
    HIGHER_VOCATIONAL_OR_UNIVERSITY = (
        codes.SchoolStatus.HIGHER_VOCATIONAL_OR_UNIVERSITY,
        _("higher vocational, college or university"),
    )
    POSTGRADUATE = codes.SchoolStatus.POSTGRADUATE, _("postgraduate")


class Health(models.TextChoices):
    """健康状况."""

    HEALTHY = codes.Health.HEALTHY, _("healthy")
    CHRONIC = codes.Health.CHRONIC, _("long-term chronic illness")
    SERIOUS = codes.Health.SERIOUS, _("serious illness")
    DISABLED = codes.Health.DISABLED, _("disabled")


class LabourAbility(models.TextChoices):
    """劳动技能."""

    ORDINARY = codes.LabourAbility.ORDINARY, _("ordinary labour")
    SKILLED = codes.LabourAbility.SKILLED, _("skilled labour")
    WEAK = codes.LabourAbility.WEAK, _("weak or half labour")
    LOST = codes.LabourAbility.LOST, _("lost labour ability")
    NONE = codes.LabourAbility.NONE, _("no labour ability")


#: The abilities the demo generator models as able to work. Who *counts* as labour in standards, figures and
#: reports is a policy choice of the standard files (``labour_abilities``, docs/standards.md), not this tuple.
LABOUR_ABILITIES_WITH_LABOUR = (LabourAbility.ORDINARY, LabourAbility.SKILLED, LabourAbility.WEAK)


class DropoutReason(models.TextChoices):
    """辍学原因."""

    HEALTH = codes.DropoutReason.HEALTH, _("health reasons")
    OTHER = codes.DropoutReason.OTHER, _("other")
