"""Code lists of the programme (对口帮扶) that the rules read: measure categories and statuses
(domain-rules.md §3, issue #6). Stored values only; ``bangfu.programme.choices`` adds the translatable labels.
"""

from __future__ import annotations

from enum import StrEnum


class MeasureCategory(StrEnum):
    """帮扶措施类别 (domain-rules.md §3)."""

    INDUSTRY = "产业"
    EMPLOYMENT = "就业"
    PUBLIC_WELFARE_JOB = "公益岗位"
    FINANCE = "金融"
    HEALTH = "健康"
    EDUCATION = "教育"
    COMPULSORY_EDUCATION = "义务教育保障"
    HOUSING_SAFETY = "住房安全保障"
    SAFE_WATER = "饮水安全保障"
    SOCIAL_SECURITY = "综合保障(兜底)"
    SOCIAL_ASSISTANCE = "社会帮扶"
    RELOCATION = "搬迁"


class MeasureStatus(StrEnum):
    """帮扶措施状态."""

    PLANNED = "计划"
    IN_PROGRESS = "实施中"
    DONE = "已完成"
    CANCELLED = "取消"
