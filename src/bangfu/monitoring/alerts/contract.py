"""The department-alerts contract (shared/contracts/department-alerts.md) as data."""

from __future__ import annotations

from bangfu.registry.contract import Column, Kind, Sheet

SHEET_NAME = "预警"
NOTE_LIMIT = 500

DEPARTMENT, ID_NUMBER, NAME, EVENT, DATE, AMOUNT, NOTE = "来源部门", "证件号码", "姓名", "预警事项", "发生日期", "金额", "说明"  # fmt: skip

COLUMNS = (
    Column(DEPARTMENT, "department", Kind.TEXT, True),
    Column(ID_NUMBER, "id_number", Kind.ID_NUMBER, True),
    Column(NAME, "name", Kind.TEXT, True),
    Column(EVENT, "event", Kind.TEXT, True),
    Column(DATE, "occurred_on", Kind.DATE, True),
    Column(AMOUNT, "amount", Kind.MONEY),
    Column(NOTE, "note", Kind.TEXT),
)

#: Each department's events; ``True`` marks an event with an amount (¥).
EVENTS: dict[str, dict[str, bool]] = {
    "医保": {"住院自付": True, "门诊自付": True},
    "卫健": {"新发大病": False},
    "教育": {"辍学": False, "非义务教育自付学费": True},
    "民政": {"新纳入低保": False, "新纳入特困": False, "退出低保": False},
    "残联": {"新增残疾": False},
    "住建": {"住房鉴定C级": False, "住房鉴定D级": False},
    "应急": {"自然灾害受灾": True},
    "公安": {"意外伤亡": False},
    "人社": {"失业登记": False},
    "其他": {"其他": False},
}

#: Which threshold of the monitoring standard's [alerts.thresholds] holds each ¥ event's threshold, and whether the amount must
#: exceed it (``True``) or reach it (``False``). 住院自付 depends on the household: 脱贫户 or not.
THRESHOLDS: dict[str, tuple[tuple[str, str], bool]] = {
    "住院自付": (("inpatient_exited", "inpatient_other"), False),
    "门诊自付": (("outpatient_month", "outpatient_month"), False),
    "非义务教育自付学费": (("tuition_over", "tuition_over"), True),
    "自然灾害受灾": (("disaster_loss", "disaster_loss"), False),
}

#: The risk type an alert suggests when it is verified into a case (domain-rules.md §3).
EVENT_RISK = {
    "住院自付": "因病", "门诊自付": "因病", "新发大病": "因病", "辍学": "因学", "非义务教育自付学费": "因学",
    "新纳入低保": "其他", "新纳入特困": "其他", "退出低保": "其他", "新增残疾": "因残",
    "住房鉴定C级": "住房安全", "住房鉴定D级": "住房安全", "自然灾害受灾": "因自然灾害",
    "意外伤亡": "因意外事故", "失业登记": "因务工就业不稳", "其他": "其他",
}  # fmt: skip

EXPORT_HEADERS = ("预警编号", "户编号", "来源部门", "预警事项", "发生日期", "金额", "状态")


def sheet(name: str = SHEET_NAME) -> Sheet:
    """The contract's one sheet under the name it has in the file (a sheet name or a CSV file name)."""
    return Sheet(name, COLUMNS)
