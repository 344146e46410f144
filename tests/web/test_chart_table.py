"""Every chart carries its figures as a table (the accessible alternative), built from the same options."""

from django.template import Context, Template

from bangfu.indicators.charts import gaps_chart
from bangfu.web.templatetags.web import chart_rows, chart_table


def bar_options() -> dict:
    return {
        "xAxis": {"type": "category", "data": ["2019", "2020"]},
        "yAxis": {"type": "value"},
        "series": [
            {"name": "已脱贫户", "type": "bar", "data": [3, {"value": 12345, "itemStyle": {}}]},
            {"name": "人均纯收入", "type": "line", "data": [7365.5, None]},
        ],
    }


def test_a_category_chart_gives_a_row_per_category_and_a_column_per_series():
    names, rows = chart_rows(bar_options())
    assert names == ["已脱贫户", "人均纯收入"]
    assert rows == [["2019", "3", "7,365.5"], ["2020", "12,345", "—"]]


def test_a_horizontal_chart_reads_its_categories_from_the_y_axis():
    options = {
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": ["海城镇", "附城镇"]},
        "series": [{"name": "住房", "data": [1, 2]}, {"name": "饮水", "data": [0]}],
    }
    assert chart_rows(options) == (["住房", "饮水"], [["海城镇", "1", "0"], ["附城镇", "2", "—"]])


def test_a_pie_gives_a_row_per_named_item():
    options = {"series": [{"name": "类别", "type": "pie", "data": [{"name": "因病", "value": 4}]}]}
    assert chart_rows(options) == (["类别"], [["因病", "4"]])


def test_the_table_is_folded_beside_the_chart_and_escapes_names():
    options = bar_options()
    options["series"][0]["name"] = "<b>户</b>"
    html = Template('{% load web %}{% chart "c" options "10rem" "收入" %}').render(
        Context({"options": options})
    )
    assert '<div class="chart" id="c"' in html
    table = html[html.index('<details class="chart-table" id="c-table">') :]
    assert "<caption>收入</caption>" in table
    assert '<th scope="col" class="num">&lt;b&gt;户&lt;/b&gt;</th>' in table
    assert '<th scope="row">2020</th><td class="num">12,345</td><td class="num">—</td>' in table


def test_a_chart_without_figures_has_no_table():
    assert chart_table("c", {"series": []}) == ""


def test_the_dashboard_gaps_chart_has_a_row_per_group(settings):
    from types import SimpleNamespace

    groups = [SimpleNamespace(name="海丰县", gaps={"education": 1, "medical": 2, "housing": 0, "water": 5})]
    names, rows = chart_rows(gaps_chart(SimpleNamespace(gaps=SimpleNamespace(groups=groups))))
    assert len(names) == 4 and rows == [["海丰县", "1", "2", "0", "5"]]
