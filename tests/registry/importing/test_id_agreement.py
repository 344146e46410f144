"""Issue 14 item 5: a member's recorded 性别 and 出生日期 agree with the ID number, or the import refuses the file
(a located Chinese error; nothing written). The validation's cases are in test_validate.py ("sex", "birth");
these tests go through the import itself, as the command and the upload run it."""

from __future__ import annotations

import pytest

from bangfu.core.errors import ApplicationError
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.models import Household, ImportRecord, Member
from tests.registry.importing.builders import WIFE_1, valid_rows, write_folder


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [("性别", "男", "按证件号码应为“女”"), ("出生日期", "1968-07-10", "按证件号码应为 1968-07-09")],
)
def test_the_import_refuses_a_member_whose_sex_or_birth_date_contradicts_the_id(
    divisions, tmp_path, header, value, expected
):
    rows = valid_rows()
    next(row for row in rows["成员"] if row["证件号码"] == WIFE_1)[header] = value
    with open_source(write_folder(tmp_path / "f", rows)) as source, pytest.raises(ApplicationError) as error:
        register_import_apply(validated_rows(source), file_name="f")
    text = str(error.value)
    assert "成员" in text and "第3行" in text and header in text and expected in text
    assert (
        not Member.objects.exists() and not Household.objects.exists() and not ImportRecord.objects.exists()
    )
