"""The apply step of the import: first import, idempotent re-import, updates with summary and history,
all or nothing, dry run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from bangfu.core.errors import ApplicationError
from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.regions.models import Division
from bangfu.registry import contract
from bangfu.registry.importing.apply import (
    HOUSEHOLD_FIELDS,
    INCOME_FIELDS,
    LIVING_FIELDS,
    MEMBER_FIELDS,
    STAT_FIELDS,
    VILLAGE_FIELDS,
    folder_rows,
    register_import_apply,
)
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.history import BASELINE_REASON, import_history
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.importing.validate import register_validate
from bangfu.registry.loading import register_load_folder
from bangfu.registry.models import (
    Household,
    ImportRecord,
    IncomeRecord,
    LivingConditions,
    Member,
    Village,
    VillageYearStat,
)
from tests.registry.importing.builders import (
    CHILD_1,
    H1,
    H2,
    HEAD_1,
    V1,
    WIFE_1,
    make_id,
    valid_rows,
    write_folder,
)

REGISTER = (Village, VillageYearStat, Household, LivingConditions, Member, IncomeRecord)
H3 = "4415211012010002"
HEAD_3 = make_id(date(1980, 1, 1), 61)
NEWBORN = make_id(date(2019, 6, 1), 72)


def row(sheet: contract.Sheet, *values) -> dict:
    """A row from its first values; the optional columns after them (issue 14's criteria) are empty."""
    assert len(values) <= len(sheet.headers)
    return dict.fromkeys(sheet.headers, "") | dict(zip(sheet.headers, values, strict=False))


def base_rows() -> dict[str, list[dict]]:
    """The builders' register plus a third household H3 (in V1), which the update then drops."""
    rows = valid_rows()
    rows["户"].append(row(contract.HOUSEHOLDS, H3, V1, HEAD_3, "一般农户", "", "", "", "B", "", "是", ""))
    member = dict(rows["成员"][3]) | {
        "户编号": H3,
        "姓名": "李三",
        "证件号码": HEAD_3,
        "出生日期": "1980-01-01",
    }
    rows["成员"].append(member)
    rows["收入"].append(row(contract.INCOMES, H3, "2020", "30000", "0", "0", "0", "0", ""))
    return rows


def update_rows() -> dict[str, list[dict]]:
    """H1's 2020 wages changed, a newborn added to H2, CHILD_1 moved from H1 to H2, WIFE_1 gone from H1,
    H3 (with its member and income) gone from the file."""
    rows = base_rows()
    rows["户"] = [r for r in rows["户"] if r["户编号"] != H3]
    rows["收入"] = [r for r in rows["收入"] if r["户编号"] != H3]
    rows["收入"][1]["工资性收入"] = "25000"
    members = [r for r in rows["成员"] if r["户编号"] != H3 and r["证件号码"] != WIFE_1]
    for member in members:
        if member["证件号码"] == CHILD_1:
            member |= {"户编号": H2, "与户主关系": "其他"}
    newborn = dict(members[-1]) | {"姓名": "黄小", "证件号码": NEWBORN, "与户主关系": "女", "性别": "女",
                                   "出生日期": "2019-06-01", "文化程度": "", "在校生状况": "学龄前儿童", "劳动技能": "无劳动力"}  # fmt: skip
    rows["成员"] = [*members, newborn]
    return rows


def apply_file(folder: Path, **options):
    """Validate (must pass) and apply a file, as the command does."""
    with open_source(folder) as source:
        report = register_validate(source)
        assert report.ok, report.errors[:5]
        return register_import_apply(validated_rows(source), file_name=folder.name, **options)


def database_state() -> dict[str, list]:
    """Every row of every table an import writes to, in full."""
    models = [Division, ImportRecord, *REGISTER, *(model.history.model for model in REGISTER)]
    return {model._meta.label: list(model.objects.order_by("pk").values_list()) for model in models}


def history_count() -> int:
    return sum(model.history.count() for model in REGISTER)


def counts_of(summary, entity: str) -> tuple:
    c = getattr(summary, entity)
    return (c.added, c.changed, c.unchanged, c.removed_from_file, c.moved)


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("clerk", password="x")


@pytest.fixture
def base(divisions, tmp_path):
    folder = write_folder(tmp_path / "base", base_rows())
    apply_file(folder)
    return folder


# ------------------------------------------------------------------------------------------ first import


def register_content() -> dict[str, list]:
    """What the register says, by natural keys (no primary keys, no timestamps)."""
    return {
        "villages": sorted(
            Village.objects.values_list(
                "division__code", "division__name", "division__parent__name", *VILLAGE_FIELDS, "extra"
            )
        ),
        "households": sorted(
            Household.objects.values_list(
                "code",
                "village__division__code",
                *HOUSEHOLD_FIELDS[1:],
                "extra",
                *(f"living__{name}" for name in LIVING_FIELDS),
            )
        ),
        "members": sorted(
            Member.objects.values_list("id_number", "household__code", *MEMBER_FIELDS[1:], "extra")
        ),
        "incomes": sorted(
            IncomeRecord.objects.values_list("household__code", "year", *INCOME_FIELDS, "extra")
        ),
        "stats": sorted(VillageYearStat.objects.values_list("village__division__code", "year", *STAT_FIELDS)),
    }


@pytest.mark.slow
def test_a_first_import_into_an_empty_register_holds_what_the_loader_loads(divisions, tmp_path, user):
    folder = tmp_path / "register"
    generated = generate_register(scaled_profile(households=300), folder, seed=5)
    summary = apply_file(folder, user=user)
    assert counts_of(summary, "households") == (300, 0, 0, 0, 0)
    assert (
        summary.members.added == generated.members
        and summary.income_records.added == generated.income_records
    )
    assert (
        summary.villages.added == generated.villages
        and summary.village_stats.added == generated.village_stats
    )
    imported = register_content()
    # One history row per record, created by this import, by this user.
    record = ImportRecord.objects.get()
    assert (record.file_name, record.user, record.dry_run, record.finished_at is not None) == (
        "register",
        user,
        False,
        True,
    )
    assert record.summary["members"]["added"] == generated.members
    for model in REGISTER:
        rows = model.history.all()
        assert rows.count() == model.objects.count() > 0
        assert set(
            rows.values_list("history_type", "history_change_reason", "history_user", "import_record")
        ) == {("+", f"导入 register #{record.pk}", user.pk, record.pk)}
    # The bulk loader reads the same folder into the same register.
    for model in (Household, Village):
        model.objects.all().delete()
    Division.objects.filter(level=5).delete()
    Division.objects.filter(level=4).delete()
    register_load_folder(folder)
    assert register_content() == imported


def test_a_first_import_creates_towns_and_villages_under_the_shipped_county(db, tmp_path):
    assert not Division.objects.exists()  # a fresh database: the import loads the shipped divisions
    summary = apply_file(write_folder(tmp_path / "base", base_rows()))
    assert counts_of(summary, "villages") == (3, 0, 0, 0, 0)
    village = Village.objects.get(division__code=V1)
    assert (village.division.name, village.division.parent.name, village.division.parent.parent.name) == (
        "新山村",
        "海城镇",
        "海丰县",
    )


# ------------------------------------------------------------------------------------------ re-import


def test_reimporting_the_same_file_changes_nothing(base):
    before, history = database_state(), history_count()
    summary = apply_file(base)
    assert not summary.has_changes
    for entity in ("villages", "households", "members", "income_records", "village_stats"):
        counts = counts_of(summary, entity)
        assert counts[0] == counts[1] == counts[3] == counts[4] == 0 and counts[2] > 0, entity
    assert history_count() == history
    after = database_state()
    # Nothing at all was written but the record of the import itself.
    assert {k: v for k, v in after.items() if k != "registry.ImportRecord"} == {
        k: v for k, v in before.items() if k != "registry.ImportRecord"
    }
    record = ImportRecord.objects.get(pk=summary.import_id)
    assert record.summary["households"]["unchanged"] == 3 and "没有任何变更" in summary.lines()[-1]


# ------------------------------------------------------------------------------------------ updates


def test_an_update_reports_what_changed_and_keeps_history(base, tmp_path, user):
    first = ImportRecord.objects.get()
    folder = write_folder(tmp_path / "update", update_rows())
    summary = apply_file(folder, user=user)
    assert counts_of(summary, "villages") == (0, 0, 3, 0, 0)
    assert counts_of(summary, "households") == (0, 0, 2, 1, 0)  # H3 dropped: reported, not deleted
    assert summary.removed_households == [H3]
    assert counts_of(summary, "members") == (1, 0, 2, 1, 1)  # newborn added, CHILD_1 moved, WIFE_1 dropped
    assert summary.moved_members == [[CHILD_1[:6] + "********" + CHILD_1[-4:], H1, H2]]
    assert summary.removed_members == [[WIFE_1[:6] + "********" + WIFE_1[-4:], H1]]
    assert counts_of(summary, "income_records") == (0, 1, 2, 0, 0)
    assert summary.income_records.fields == {"wages": 1}
    assert counts_of(summary, "village_stats") == (0, 0, 1, 0, 0)
    # Nothing is deleted.
    assert Household.objects.filter(code=H3).exists() and Member.objects.filter(id_number=WIFE_1).exists()
    assert Member.objects.get(id_number=CHILD_1).household.code == H2
    # History: old and new values, who, which file.
    record = ImportRecord.objects.get(pk=summary.import_id)
    income = IncomeRecord.objects.get(household__code=H1, year=2020)
    new, old = income.history.all()[:2]
    assert (old.wages, new.wages) == (Decimal(20000), Decimal(25000))
    assert (old.history_type, old.history_change_reason, old.import_record_id) == (
        "+",
        f"导入 base #{first.pk}",
        first.pk,
    )
    assert (new.history_type, new.history_change_reason, new.history_user, new.import_record) == (
        "~",
        f"导入 update #{record.pk}",
        user,
        record,
    )
    assert [(c.field, c.old, c.new) for c in new.diff_against(old).changes] == [
        ("wages", Decimal(20000), Decimal(25000))
    ]
    moved = Member.objects.get(id_number=CHILD_1).history.first()
    assert {c.field for c in moved.diff_against(moved.prev_record).changes} == {"household", "relation"}
    assert Member.history.get(id_number=NEWBORN).history_type == "+"
    # Exactly the changed records got a history row from this import.
    written = {name: rows.count() for name, rows in import_history(record).items()}
    assert written == {
        "village": 0,
        "villageyearstat": 0,
        "household": 0,
        "livingconditions": 0,
        "member": 2,
        "incomerecord": 1,
    }
    assert record.summary["members"]["moved"] == 1 and record.summary["removed_households"] == [H3]


def test_a_changed_household_and_its_living_conditions_each_keep_history(base, tmp_path):
    rows = base_rows()
    rows["户"][0] |= {"住房安全等级": "A", "危房改造": "", "联系电话": "13900139000"}
    summary = apply_file(write_folder(tmp_path / "update", rows))
    assert counts_of(summary, "households") == (0, 1, 2, 0, 0)
    assert summary.households.fields == {"housing_grade": 1, "housing_renovated": 1, "phone": 1}
    household = Household.objects.get(code=H1)
    assert (household.phone, household.living.housing_grade, household.living.housing_renovated) == (
        "13900139000",
        "A",
        None,
    )
    assert household.history.count() == 2 and household.living.history.count() == 2
    assert household.history.first().prev_record.phone == "13800138000"


def test_records_loaded_without_history_get_their_old_values_recorded_first(divisions, tmp_path):
    register_load_folder(write_folder(tmp_path / "base", base_rows()))  # the bulk loader writes no history
    assert history_count() == 0
    income = IncomeRecord.objects.get(household__code=H1, year=2020)
    rows = base_rows()
    rows["收入"][1]["工资性收入"] = "25000"
    summary = apply_file(write_folder(tmp_path / "update", rows))
    new, baseline = income.history.all()
    assert (baseline.wages, new.wages) == (Decimal(20000), Decimal(25000))
    assert baseline.history_change_reason == BASELINE_REASON.format(id=summary.import_id)
    assert (baseline.history_date, baseline.import_record, baseline.history_user) == (
        income.updated_at,
        None,
        None,
    )
    assert new.import_record_id == summary.import_id
    assert history_count() == 2  # only the changed record


def test_a_village_renamed_in_the_file_is_renamed(base, tmp_path):
    rows = base_rows()
    rows["村"][0]["村名"] = "新山社区"
    summary = apply_file(write_folder(tmp_path / "update", rows))
    assert counts_of(summary, "villages") == (0, 1, 2, 0, 0)
    assert summary.renamed_villages == [[V1, "新山村", "新山社区"]]
    assert Division.objects.get(code=V1).name == "新山社区"


def test_extra_columns_are_kept_and_their_changes_reported(base, tmp_path):
    rows = base_rows()
    for member in rows["成员"]:
        member["帮扶责任人"] = "王五" if member["证件号码"] == HEAD_1 else ""
    headers = {"成员": [*contract.MEMBERS.headers, "帮扶责任人"]}
    summary = apply_file(write_folder(tmp_path / "update", rows, headers=headers))
    assert counts_of(summary, "members") == (0, 1, 4, 0, 0) and summary.members.fields == {"extra": 1}
    assert Member.objects.get(id_number=HEAD_1).extra == {"帮扶责任人": "王五"}
    summary = apply_file(write_folder(tmp_path / "again", rows, headers=headers))
    assert not summary.has_changes


# ------------------------------------------------------------------------------------------ all or nothing


class Rows:
    """``source_rows`` from typed rows of a folder, with the last row of one sheet replaced."""

    def __init__(self, folder: Path, sheet: contract.Sheet | None = None, **last_row_changes):
        self.rows = folder_rows(folder)
        self.sheet, self.changes = sheet, last_row_changes

    def __call__(self, sheet: contract.Sheet):
        rows = self.rows(sheet)
        if rows is None or sheet is not self.sheet:
            return rows
        rows = list(rows)
        rows[-1] = rows[-1] | self.changes
        return rows


@pytest.mark.parametrize("first", [True, False], ids=["into an empty register", "as an update"])
def test_a_database_refusal_in_the_last_row_leaves_everything_as_before(divisions, tmp_path, first):
    if not first:
        apply_file(write_folder(tmp_path / "base", base_rows()))
    before = database_state()
    folder = write_folder(tmp_path / "update", update_rows())
    # The last row of the last sheet breaks a database constraint (a population cannot be negative).
    rows = Rows(folder, contract.VILLAGE_STATS, registered_population=-1)
    with pytest.raises(ApplicationError, match="数据库拒绝了“村年度”表中的数据，未写入任何数据"):
        register_import_apply(rows, file_name="update")
    assert database_state() == before


def test_an_unknown_household_in_the_last_income_row_leaves_everything_as_before(base, tmp_path):
    before = database_state()
    rows = Rows(write_folder(tmp_path / "update", update_rows()), contract.INCOMES, household_code="NOPE")
    with pytest.raises(ApplicationError, match="户编号 NOPE 既不在文件中，也不在档案库中"):
        register_import_apply(rows, file_name="update")
    assert database_state() == before


def test_an_interruption_leaves_everything_as_before(base, tmp_path):
    before = database_state()

    def interrupt(stage, done):
        if stage == "收入":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        register_import_apply(
            folder_rows(write_folder(tmp_path / "update", update_rows())),
            file_name="update",
            progress=interrupt,
        )
    assert database_state() == before


# ------------------------------------------------------------------------------------------ dry run


def test_a_dry_run_reports_the_changes_and_writes_nothing(base, tmp_path):
    before = database_state()
    folder = write_folder(tmp_path / "update", update_rows())
    summary = apply_file(folder, dry_run=True)
    assert summary.dry_run and summary.import_id is None
    assert counts_of(summary, "members") == (1, 0, 2, 1, 1)
    assert summary.lines()[0] == "试运行 update（不写入）" and "未作任何改动" in summary.lines()[-1]
    assert database_state() == before
    # The same file applied for real does what the dry run said.
    real = apply_file(folder)
    assert real.as_json() | {"dry_run": True, "import_id": None, "seconds": 0} == summary.as_json() | {
        "seconds": 0
    }


def test_a_dry_run_can_keep_its_record_for_a_preview(base, tmp_path):
    before = database_state()
    summary = apply_file(write_folder(tmp_path / "update", update_rows()), dry_run=True, record_dry_run=True)
    record = ImportRecord.objects.get(pk=summary.import_id)
    assert record.dry_run and record.summary["members"]["added"] == 1
    after = database_state()
    assert after.pop("registry.ImportRecord")[:-1] == before.pop("registry.ImportRecord")
    assert after == before


def test_the_summary_reads_in_english(base, tmp_path):
    summary = apply_file(write_folder(tmp_path / "update", update_rows()))
    text = "\n".join(summary.lines("en"))
    assert "Import of update" in text
    assert "members" in text and "added 1, changed 0, unchanged 2, removed from file 1" in text
    assert f"Households no longer in the file, kept in the register (not deleted; please check): {H3}" in text
    assert f"(import #{summary.import_id})" in text
