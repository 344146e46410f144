"""The results report as Markdown (the programme's own wording) and as an Excel workbook."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.processes import bangfu


def test_markdown_reads_like_the_programme_summary(programme_records, capsys):
    call_command("report", "results", "--format", "md")
    text = capsys.readouterr().out
    for sentence in (
        "2013年以来，深圳向汕尾累计选派帮扶干部2名，累计安排帮扶资金约450万元（4,500,001元；其中帮扶方财政",
        "），其中2020年新增帮扶资金350万元",
        "1个对口帮扶贫困村，产业扶贫项目达到1个",
        "产业园区累计引进产业项目2个，总投资25亿元，其中来源于深圳1个，超10亿元项目1个",
        "先后安排民生帮扶资金350万元，民生项目惠及7300人次",
        "累计提升改造病床105张，中小学学位1200个",
        "在广东省扶贫开发成效考核中，2016年位列“好”的档次，2018年位列“较好”的档次",
        "| 2018年度考核等次 | 较好 |",
    ):
        assert sentence in text, sentence
    call_command("report", "results", "--format", "md", "--lang", "en")
    text = capsys.readouterr().out
    assert "深圳 has sent 2 cadres to 汕尾" in text
    assert "2 investment projects worth 2.5 billion yuan in total, 1 of them from 深圳" in text


def test_the_workbook_round_trips(programme_records, tmp_path, capsys):
    out = tmp_path / "成效报告.xlsx"
    call_command("report", "results", "--format", "xlsx", "--out", str(out))
    assert "已写入" in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "资金", "项目", "招商项目", "就业消费帮扶"]
    summary = {row[0]: row for row in book["汇总"].iter_rows(values_only=True)}
    assert summary["指标"] == ("指标", "数值", "单位", "计算口径")
    assert summary["累计安排帮扶资金"][1:3] == (4_500_001, "元")
    assert summary["提升改造病床"][1] == 105
    assert summary["2018年度考核等次"][1] == "较好"
    assert book["汇总"]["B1"].value == "数值"
    money = next(c for c in book["汇总"]["B"] if c.value == 4_500_001)
    assert money.data_type == "n" and money.number_format == "#,##0"

    funds = list(book["资金"].iter_rows(values_only=True))
    assert funds[0] == ("资金年度", "资金类别", "资金来源", "下达（元）", "拨付（元）", "支出（元）")
    assert (2019, "产业", "地方财政", 200_000, 0, 0) in funds
    assert (2019, "产业", "帮扶方财政", 1_000_000, 600_000, 0) in funds
    assert not any(row[0] == 2021 for row in funds[1:])  # budget years after the report year are left out

    projects = {row[0]: row for row in book["项目"].iter_rows(values_only=True)}
    assert projects["项目类别"] == ("项目类别", "储备", "立项", "实施", "完工", "验收", "合计")
    assert projects["民生"] == ("民生", 0, 0, 2, 0, 1, 3)  # H-2021 was still being built at the end of 2020
    assert projects["产业"][-1] == 4  # started by 2020

    parks = list(book["招商项目"].iter_rows(values_only=True))
    assert parks[1] == ("深圳（海丰）产业园", "海丰县", 2, 2_500_000_000, 1, 1)


def test_xlsx_needs_an_output_file(programme_records):
    with pytest.raises(CommandError, match="Excel 格式需要用 --out 指定输出文件"):
        call_command("report", "results", "--format", "xlsx")


def test_xlsx_without_out_fails_as_a_process(tmp_path):
    result = bangfu("report", "results", "--format", "xlsx", home=tmp_path)
    assert result.returncode != 0
    assert "Excel 格式需要用 --out 指定输出文件" in result.stderr
    # one line of reason, after the note that a fresh home's database was created first
    assert len([line for line in result.stderr.strip().splitlines() if not line.startswith("首次使用")]) == 1
