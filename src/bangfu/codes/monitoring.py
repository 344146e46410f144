"""Code lists of dynamic monitoring that the rules read, as the Chinese terms of the national system
(domain-rules.md §3). Stored values only; ``bangfu.monitoring.choices`` adds the translatable labels.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """监测对象类别."""

    UNSTABLE_EXITED = "脱贫不稳定户"
    NEAR_POOR = "边缘易致贫户"
    SUDDEN_HARDSHIP = "突发严重困难户"


class RiskType(StrEnum):
    """风险类型 (a case has one to five)."""

    ILLNESS = "因病"
    SCHOOLING = "因学"
    DISABILITY = "因残"
    DISASTER = "因自然灾害"
    ACCIDENT = "因意外事故"
    INDUSTRY_FAILURE = "因产业项目失败"
    UNSTABLE_WORK = "因务工就业不稳"
    LACK_OF_LABOUR = "缺劳动力"
    HOUSING = "住房安全"
    WATER = "饮水安全"
    OTHER = "其他"


class Step(StrEnum):
    """The step a case is at (识别程序, then 帮扶 and 风险消除)."""

    VERIFICATION = "入户核实"
    VILLAGE_REVIEW = "村级评议"
    PUBLICITY = "公示"
    TOWNSHIP_REVIEW = "乡镇审核"
    COUNTY_APPROVAL = "县级审定"
    ASSISTANCE = "帮扶"
    ELIMINATED = "风险消除"
    NOT_IDENTIFIED = "不予识别"


class EliminationMethod(StrEnum):
    """风险消除方式."""

    BY_ASSISTANCE = "帮扶消除"
    NATURAL = "自然消除"
