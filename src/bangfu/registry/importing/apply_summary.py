"""What a register import did (导入结果): counts per kind of record, the lists of removed-from-file, moved
and renamed records, and the summary text in Chinese or English (``apply.py`` fills it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bangfu.registry import contract

#: How many removed-from-file records and moved members the summary lists by name (all are counted).
LIST_LIMIT = 100

# --------------------------------------------------------------------------------------------- messages

MESSAGES: dict[str, dict[str, str]] = {
    "entity.villages": {"zh": "村", "en": "villages"},
    "entity.village_stats": {"zh": "村年度统计", "en": "village yearly statistics"},
    "entity.households": {"zh": "户", "en": "households"},
    "entity.members": {"zh": "成员", "en": "members"},
    "entity.income_records": {"zh": "收入记录", "en": "income records"},
    "counts": {
        "zh": "新增 {added:,}，变更 {changed:,}，未变 {unchanged:,}，文件中已无 {removed_from_file:,}",
        "en": "added {added:,}, changed {changed:,}, unchanged {unchanged:,}, "
        "removed from file {removed_from_file:,}",
    },
    "moved": {"zh": "，迁入他户 {moved:,}", "en": ", moved to another household {moved:,}"},
    "fields": {"zh": "    变更的字段：{fields}", "en": "    fields changed: {fields}"},
    "title": {"zh": "导入 {file}", "en": "Import of {file}"},
    "title_dry": {"zh": "试运行 {file}（不写入）", "en": "Dry run of {file} (nothing written)"},
    "removed_households": {
        "zh": "文件中已无、档案库中仍保留的户（未删除，请核实）：{items}",
        "en": "Households no longer in the file, kept in the register (not deleted; please check): {items}",
    },
    "removed_members": {
        "zh": "文件中已无、档案库中仍保留的成员（未删除，请核实）：{items}",
        "en": "Members no longer in the file, kept in the register (not deleted; please check): {items}",
    },
    "moved_members": {"zh": "迁户的成员：{items}", "en": "Members moved between households: {items}"},
    "move": {"zh": "{id}（{old} → {new}）", "en": "{id} ({old} → {new})"},
    "renamed_villages": {"zh": "村名已更改：{items}", "en": "Villages renamed: {items}"},
    "more": {"zh": " 等，共 {count:,} 个", "en": " … {count:,} in all"},
    "done": {
        "zh": "已写入档案库，每项变更都记录了历史（导入记录 #{id}）。",
        "en": "Written to the register; every change has a history row (import #{id}).",
    },
    "nothing": {
        "zh": "档案库与文件一致，没有任何变更（导入记录 #{id}）。",
        "en": "The register already matches the file; nothing changed (import #{id}).",
    },
    "dry_done": {
        "zh": "试运行：以上是导入将做的变更，档案库未作任何改动。",
        "en": "Dry run: these are the changes an import would make; the register was not changed.",
    },
    "removed_note": {
        "zh": "“文件中已无”的记录只作报告，不会删除；如确需删除，请在管理后台逐条处理。",
        "en": "Records “removed from file” are only reported, never deleted; delete them one by one in the "
        "admin if they really should go.",
    },
    # errors
    "busy": {
        "zh": "另一个导入正在写入档案库，等待超时。请等它完成后再试（未写入任何数据）",
        "en": "Another import is writing to the register and did not finish in time. Try again when it is "
        "done (nothing was written)",
    },
    "rejected": {
        "zh": "数据库拒绝了“{sheet}”表中的数据，未写入任何数据：{detail}",
        "en": "The database refused data of sheet '{sheet}'; nothing was written: {detail}",
    },
    "duplicate": {
        "zh": "“{sheet}”表中 {column} {value} 出现了不止一次（未写入任何数据）",
        "en": "Sheet '{sheet}': {column} {value} appears more than once (nothing was written)",
    },
    "unknown_reference": {
        "zh": "“{sheet}”表中 {column} {value} 既不在文件中，也不在档案库中（未写入任何数据）",
        "en": "Sheet '{sheet}': {column} {value} is neither in the file nor in the register (nothing was "
        "written)",
    },
    "unknown_county": {
        "zh": "“村”表中行政区划代码 {value} 的县区代码 {county} 不在已知的行政区划中（未写入任何数据）",
        "en": "Sheet 村: the county code {county} of division code {value} is not a known division (nothing "
        "was written)",
    },
    "not_village": {
        "zh": "“村”表中行政区划代码 {value} 已是{level}级区划，不能登记为村（未写入任何数据）",
        "en": "Sheet 村: division code {value} is a division of level {level}, not a village (nothing was "
        "written)",
    },
}


def message(key: str, lang: str = "zh", **values) -> str:
    texts = MESSAGES[key]
    return texts.get(lang, texts["zh"]).format(**values)


# --------------------------------------------------------------------------------------------- summary


@dataclass
class Counts:
    """What an import did to one kind of record. Each row of the file is exactly one of added, changed,
    unchanged or moved; removed_from_file counts records of the database the file no longer lists."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed_from_file: int = 0
    moved: int = 0  # members only
    fields: Counter = field(default_factory=Counter)  # changed field → how many records

    def as_json(self) -> dict:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "removed_from_file": self.removed_from_file,
            "moved": self.moved,
            "fields": dict(sorted(self.fields.items())),
        }


ENTITIES = ("villages", "households", "members", "income_records", "village_stats")


@dataclass
class ImportSummary:
    file_name: str
    dry_run: bool = False
    import_id: int | None = None
    villages: Counts = field(default_factory=Counts)
    households: Counts = field(default_factory=Counts)
    members: Counts = field(default_factory=Counts)
    income_records: Counts = field(default_factory=Counts)
    village_stats: Counts = field(default_factory=Counts)
    #: The first LIST_LIMIT of each: removed-from-file households (户编号) and members (masked 证件号码 and
    #: 户编号), moved members (masked 证件号码, old and new 户编号), renamed villages (code, old, new name).
    removed_households: list[str] = field(default_factory=list)
    removed_members: list[list[str]] = field(default_factory=list)
    moved_members: list[list[str]] = field(default_factory=list)
    renamed_villages: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> dict[str, Counts]:
        return {name: getattr(self, name) for name in ENTITIES}

    @property
    def has_changes(self) -> bool:
        """Whether the import wrote (or, in a dry run, would write) anything to the register."""
        return any(c.added or c.changed or c.moved for c in self.counts().values())

    def as_json(self) -> dict:
        return {
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "import_id": self.import_id,
            **{name: counts.as_json() for name, counts in self.counts().items()},
            "removed_households": self.removed_households,
            "removed_members": self.removed_members,
            "moved_members": self.moved_members,
            "renamed_villages": self.renamed_villages,
            "seconds": round(self.seconds, 2),
        }

    def lines(self, lang: str = "zh") -> list[str]:
        """The summary as text for people, in Chinese or English."""
        title = "title_dry" if self.dry_run else "title"
        lines = [message(title, lang, file=self.file_name)]
        width = 10 if lang == "zh" else 26
        for name, counts in self.counts().items():
            text = message("counts", lang, **counts.as_json())
            if name == "members":
                text += message("moved", lang, moved=counts.moved)
            label = message(f"entity.{name}", lang)
            pad = width - (len(label) * 2 if lang == "zh" else len(label))
            lines.append(f"  {label}{' ' * max(pad, 1)}{text}")
            if counts.fields:
                fields = ", ".join(f"{_header(name, f)} {n:,}" for f, n in counts.fields.most_common())
                lines.append(message("fields", lang, fields=fields))
        lists = [
            ("removed_households", self.removed_households, self.households.removed_from_file, str),
            (
                "removed_members",
                self.removed_members,
                self.members.removed_from_file,
                "{0[0]}（{0[1]}）".format,
            ),
            (
                "moved_members",
                self.moved_members,
                self.members.moved,
                lambda m: message("move", lang, id=m[0], old=m[1], new=m[2]),
            ),
            ("renamed_villages", self.renamed_villages, len(self.renamed_villages), " ".join),
        ]
        for key, items, total, show in lists:
            if items:
                text = "、".join(show(item) for item in items[:10])
                if total > 10:
                    text += message("more", lang, count=total)
                lines.append(message(key, lang, items=text))
        if self.households.removed_from_file or self.members.removed_from_file:
            lines.append(message("removed_note", lang))
        if self.dry_run:
            lines.append(message("dry_done", lang))
        elif self.has_changes:
            lines.append(message("done", lang, id=self.import_id))
        else:
            lines.append(message("nothing", lang, id=self.import_id))
        return lines


def _header(entity: str, name: str) -> str:
    """The workbook column of a changed field, as users know it."""
    sheets = {
        "villages": [contract.VILLAGES],
        "households": [contract.HOUSEHOLDS],
        "members": [contract.MEMBERS],
        "income_records": [contract.INCOMES],
        "village_stats": [contract.VILLAGE_STATS],
    }[entity]
    name = {"village_id": "village_code", "household_id": "household_code"}.get(name, name)
    for sheet in sheets:
        for column in sheet.columns:
            if column.field == name:
                return column.header
    return {"extra": "附加属性", "name": "村名"}.get(name, name)
