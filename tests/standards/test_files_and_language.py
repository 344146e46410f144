"""Standard files and the rule language: loading, and errors that name the file and the line."""

import datetime
import hashlib
import re
import textwrap

import pytest

from bangfu.standards import Area, Criterion, Standard, StandardError, load_standard, shipped_standard_ids
from bangfu.standards.files import DATA

GOOD = """\
id = "test-exit"
kind = "household_exit"
title = "测试标准"
source = "测试"

[parameters]
line = { 2019 = 3000, 2020 = 4000 }
incidence_limit = 0.02

[criteria.income]
title = "收入"
rule = "has_income_record and net_income_per_capita > line"

[criteria.water]
title = "饮水"
rule = "safe_water"

[village_criteria.incidence]
title = "贫困发生率"
rule = "poverty_incidence < incidence_limit"
"""


def write(tmp_path, text, name="test-exit.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path, text) -> StandardError:
    with pytest.raises(StandardError) as caught:
        load_standard(write(tmp_path, text))
    return caught.value


def test_shipped_standards():
    assert shipped_standard_ids() == ["cn-2020", "gd-2016", "monitoring", "mpi", "quality"]
    kinds = {sid: load_standard(sid).kind for sid in shipped_standard_ids()}
    assert kinds == {
        "cn-2020": "household_exit",
        "gd-2016": "household_exit",
        "monitoring": "monitoring",
        "mpi": "mpi",
        "quality": "quality",
    }
    for standard_id in shipped_standard_ids():
        standard = load_standard(standard_id)
        assert isinstance(standard, Standard)
        assert standard.id == standard_id
        assert standard.title and standard.source
        # The file's bytes, then those of the shared tables it names (the national line, data/tables).
        raw = (DATA / f"{standard_id}.toml").read_bytes()
        shared = b"".join(
            (DATA / "tables" / f"{name}.toml").read_bytes()
            for name in re.findall(r'\{ table = "([a-z0-9-]+)" \}', raw.decode())
        )
        assert standard.content_hash == hashlib.sha256(raw + shared).hexdigest()


CN_2020 = ["income", "income_stable", "food", "clothing", "education", "medical", "critical_illness", "housing",
           "water", "water_quantity", "water_quality", "water_convenience", "water_supply"]  # fmt: skip
GD_2016 = ["income", "food", "clothing", "education", "medical", "housing", "water"]


@pytest.mark.parametrize(("standard_id", "criteria"), [("cn-2020", CN_2020), ("gd-2016", GD_2016)])
def test_household_exit_criteria(standard_id, criteria):
    standard = load_standard(standard_id)
    assert [c.id for c in standard.criteria] == criteria
    assert all(isinstance(c, Criterion) and c.title and c.expression for c in standard.criteria)
    assert standard.years == (2016, 2017, 2018, 2019, 2020)


def test_lines_by_year_follow_the_issue():
    lines = {year: load_standard("cn-2020").parameters["line"].value(year) for year in range(2016, 2021)}
    assert lines == {2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000}
    assert {load_standard("gd-2016").parameters["line"].value(year) for year in range(2016, 2021)} == {7365}
    assert load_standard("monitoring").parameters["line"].value(2021) == 6000
    assert load_standard("cn-2020").parameters["incidence_limit"].value(2020) == 0.02


def test_a_year_without_parameters_is_refused():
    with pytest.raises(StandardError) as caught:
        load_standard("cn-2020").check_year(2021, area=Area.everything())
    assert (
        caught.value.message
        == "标准 cn-2020 没有 2021 年的参数 line（已有：全国 2016、2017、2018、2019、2020）"
    )
    with pytest.raises(StandardError):
        load_standard("gd-2016").village_query(2015, area=Area.everything())
    with pytest.raises(StandardError, match="年度必须是整数"):
        load_standard("gd-2016").check_year("2020", area=Area.everything())


def test_a_standard_of_the_wrong_kind_is_refused():
    with pytest.raises(StandardError, match="数据质量核查"):
        load_standard("gd-2016").quality_query(area=Area.everything())
    with pytest.raises(StandardError, match="多维贫困指数"):
        load_standard("quality").mpi_query(2020, area=Area.everything())


def test_unknown_shipped_id_and_missing_file(tmp_path):
    with pytest.raises(StandardError, match="未知的标准 gd-2099"):
        load_standard("gd-2099")
    with pytest.raises(StandardError, match="找不到标准文件"):
        load_standard(tmp_path / "nope.toml")


def test_a_file_by_path_and_its_hash(tmp_path):
    path = write(tmp_path, GOOD)
    standard = load_standard(path)
    assert (standard.id, standard.kind, standard.file) == ("test-exit", "household_exit", "test-exit.toml")
    assert standard.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert standard.criteria[0] == Criterion(
        "income", "收入", "has_income_record and net_income_per_capita > line"
    )
    assert standard.criteria[0].line == 12


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('"safe_water"', '"safe_water and xyz"', 16, "未知的特征 xyz"),
        ('"safe_water"', '"safe_water and members"', 16, "类型错误：members 是数值，这里需要真假值"),
        ('"safe_water"', '"members + 1"', 16, "类型错误：规则的结果必须是真假值，这里是数值"),
        ('"safe_water"', "\"housing_grade = 'E'\"", 16, "特征 housing_grade 没有取值 'E'"),
        ('"safe_water"', '"housing_grade > 1"', 16, "类型错误：housing_grade 是字符串，这里需要数值"),
        ('"safe_water"', '"sum(members) > 1"', 16, "未知的函数 sum"),
        ('"safe_water"', '"frobnicate(members) > 1"', 16, "未知的函数 frobnicate"),
        ('"safe_water"', '"safe_water and"', 16, "语法错误"),
        ('"safe_water"', '"safe_water; drop table households"', 16, "一条规则只能写一个表达式"),
        ('"safe_water"', '"members in (select 1)"', 16, "in 后面只能是括号里的取值列表"),
        ('"safe_water"', '"safe_water and \\"A\\" = housing_grade"', 16, "未知的特征 A（字符串请用单引号"),
        ('"safe_water"', '"poverty_incidence < 1"', 16, "未知的特征 poverty_incidence"),
        ('"safe_water"', '"exit_year = null"', 16, "请写 is null"),
        ('"safe_water"', '"case when safe_water then true end"', 16, "不支持 case/if 写法"),
        ('"safe_water"', '"h.safe_water"', 16, "不支持带限定的名称"),
        ('"safe_water"', "\"members between 1 and 'x'\"", 16, "类型错误"),
        ('"poverty_incidence < incidence_limit"', '"net_income > 1"', 20, "未知的特征 net_income"),
        ("incidence_limit = 0.02", 'incidence_limit = { 2020 = 0.02, 2021 = "x" }', 8, "值类型不一致"),
        ("incidence_limit = 0.02", "incidence_limit = { abc = 0.02 }", 8, "既不是年度"),
        ("incidence_limit = 0.02", "incidence_limit = [0.02]", 8, "参数的值必须是"),
        ("incidence_limit = 0.02", "members = 3", 8, "参数名 members 与特征或内置名称重名"),
        ('kind = "household_exit"', 'kind = "household"', 2, "未知的标准类型 household"),
        ('title = "饮水"', 'title = "饮水"\nweight = 3', 16, "条件 water 有未知的键 weight"),
        ('source = "测试"', 'source = "测试"\nsorce = "x"', 5, "未知的键 sorce"),
        ("[criteria.water]", "[criteria.water", 14, "TOML 格式错误"),
    ],
)
def test_errors_name_the_file_and_the_line(tmp_path, old, new, line, message):
    assert old in GOOD
    error = error_of(tmp_path, GOOD.replace(old, new))
    assert (error.file, error.line) == ("test-exit.toml", line)
    assert message in error.message
    assert str(error).startswith(f"test-exit.toml 第{line}行：")


def test_error_inside_a_multi_line_rule_names_its_own_line(tmp_path):
    text = GOOD.replace('rule = "safe_water"', 'rule = """\nsafe_water\n  and nonsense_here\n"""')
    error = error_of(tmp_path, text)
    assert (error.line, error.message.split("（")[0]) == (18, "未知的特征 nonsense_here")


def test_monitoring_precedence_must_list_every_category(tmp_path):
    text = (DATA / "monitoring.toml").read_text(encoding="utf-8").replace(', "disaster",\n]', ",\n]")
    error = error_of(tmp_path, text)
    assert "precedence" in error.message
    assert error.line == text.splitlines().index("precedence = [") + 1


def test_mpi_weights_must_add_up_to_the_denominator(tmp_path):
    text = (DATA / "mpi.toml").read_text(encoding="utf-8").replace("denominator = 30", "denominator = 31")
    error = error_of(tmp_path, text)
    assert "权重之和 30 不等于 denominator 31" in error.message
    assert error.line == text.splitlines().index("denominator = 31") + 1


def test_regional_parameters_and_scope(tmp_path):
    text = (DATA / "monitoring.toml").read_text(encoding="utf-8")
    text = text.replace(
        'national = { 2021 = 6000, 2022 = 6000, 2023 = 6000, 2024 = 6000, 2025 = 6000 }\n"52" = { 2023 = 7300 }',
        'national = { 2021 = 6000 }\n"52" = { 2021 = 6500, 2023 = 7300 }',
    )
    standard = load_standard(write(tmp_path, text, "monitoring-52.toml"))
    assert (
        "CASE WHEN f.village_code LIKE '52%' THEN 6500 ELSE 6000 END"
        in standard.household_query(2021, area=Area.everything()).sql
    )
    standard.household_query(
        2023, area=Area.within("5201")
    )  # every household in scope has Guizhou's 2023 line
    with pytest.raises(
        StandardError, match="没有 2023 年的参数 line（已有：全国 2021、52 2021、2023、53 2025）"
    ):
        standard.household_query(2023, area=Area.everything())
    with pytest.raises(StandardError, match="没有 2023 年"):
        standard.household_query(2023, area=Area.within("44"))


def test_a_regional_constant(tmp_path):
    text = GOOD.replace("incidence_limit = 0.02", 'incidence_limit = { national = 0.02, "62" = 0.03 }')
    sql = load_standard(write(tmp_path, text)).village_query(2020, area=Area.everything()).sql
    assert "CASE WHEN vf.village_code LIKE '62%' THEN 0.03 ELSE 0.02 END" in sql


@pytest.mark.parametrize("prefix", ["4", "4415x", "4415215011011", "", 4415, "44%"])
def test_a_bad_prefix_is_refused(prefix):
    with pytest.raises(ValueError, match="范围必须是 2—12 位数字"):
        Area.within(prefix)


@pytest.mark.parametrize("village", ["44152110020", "4415211002011", "44152110020x", 441521100201])
def test_a_bad_village_code_is_refused(village):
    with pytest.raises(ValueError, match="村的代码必须是 12 位数字"):
        Area.of(villages={1: village})


def test_compiling_without_an_area_is_a_type_error():
    standard, quality, mpi = load_standard("cn-2020"), load_standard("quality"), load_standard("mpi")
    for compile_without_area in (
        lambda: standard.household_query(2020),
        lambda: standard.household_query(2020, household_code="H1"),
        lambda: standard.village_query(2020),
        lambda: quality.quality_query(as_of=datetime.date(2021, 12, 31)),
        lambda: mpi.mpi_query(2020),
        lambda: standard.check_year(2020),
        lambda: standard.household_query(2020, "441521"),  # the area is keyword-only
    ):
        with pytest.raises(TypeError):
            compile_without_area()


@pytest.mark.parametrize("area", [None, "441521", "", ("441521",)])
def test_an_area_that_is_not_an_area_is_refused(area):
    standard = load_standard("cn-2020")
    for compile_with in (
        lambda: standard.household_query(2020, area=area),
        lambda: standard.village_query(2020, area=area),
        lambda: load_standard("quality").quality_query(area=area),
        lambda: load_standard("mpi").mpi_query(2020, area=area),
        lambda: standard.check_year(2020, area=area),
    ):
        with pytest.raises(StandardError, match="编译标准需要一个范围（Area）"):
            compile_with()


def test_the_guard_reads_several_prefixes_and_villages():
    standard = load_standard("cn-2020")
    area = Area.of(
        division_paths=["/440000000000/441500000000/441521000000/", "/440000000000/441600000000/"],
        villages={7: "441581100201", 8: "441581100202"},
    )
    assert area.prefixes == ("441521", "4416")
    sql = standard.household_query(2020, area=area).sql
    assert (
        "village_code LIKE '441521%' OR village_code LIKE '4416%' "
        "OR village_code IN ('441581100201', '441581100202')"
    ) in sql
    everything = standard.household_query(2020, area=Area.everything()).sql
    assert "village_code LIKE" not in everything.split("FROM households", 1)[1].split(")", 1)[0]
    nothing = standard.household_query(2020, area=Area.nothing()).sql
    assert "WHERE FALSE" in nothing and "LIKE '44" not in nothing


def test_a_regional_line_covers_an_area_only_if_every_part_has_it(tmp_path):
    text = (
        (DATA / "monitoring.toml")
        .read_text(encoding="utf-8")
        .replace(
            'national = { 2021 = 6000, 2022 = 6000, 2023 = 6000, 2024 = 6000, 2025 = 6000 }\n"52" = { 2023 = 7300 }',
            'national = { 2021 = 6000 }\n"52" = { 2021 = 6500, 2023 = 7300 }',
        )
    )
    standard = load_standard(write(tmp_path, text, "monitoring-52b.toml"))
    standard.check_year(2023, area=Area.of(villages={1: "520102100201", 2: "522301100201"}))
    standard.check_year(2023, area=Area.nothing())  # no household to assess
    with pytest.raises(StandardError, match="没有 2023 年"):
        standard.check_year(2023, area=Area.of(villages={1: "520102100201", 2: "441521100201"}))


def test_other_dialects_and_an_unknown_one():
    query = load_standard("gd-2016").household_query(2020, area=Area.everything())
    assert "JSON_BUILD_OBJECT(" in query.to("postgres")
    assert "TO_JSON(STRUCT(" in query.to("spark")
    with pytest.raises(StandardError, match="不支持的 SQL 方言 oracle"):
        query.to("oracle")


def test_a_standard_is_hashable_and_immutable():
    standard = load_standard("cn-2020")
    assert hash(standard) == hash(load_standard("cn-2020"))
    with pytest.raises(AttributeError):
        standard.id = "x"
    with pytest.raises(TypeError):
        standard.parameters["line"] = None


def test_the_rules_core_imports_no_django():
    """The rules core loads no Django module and no Django app: the code lists it reads are ``bangfu.codes``."""
    import subprocess
    import sys
    from pathlib import Path

    import bangfu

    code = (
        "import sys, bangfu.standards, bangfu.standards.compiling, bangfu.standards as s;"
        "s.load_standard('gd-2016').household_query(2020, area=s.Area.everything()); s.load_standard('quality');"
        "s.load_standard('monitoring').household_query(2024, area=s.Area.everything());"
        "core = ('bangfu.standards', 'bangfu.codes');"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')"
        " or (m.startswith('bangfu.') and not m.startswith(core))))"
    )
    source = str(Path(bangfu.__file__).resolve().parents[1])  # this checkout's code, not an installed copy
    env = {"PATH": "", "PYTHONPATH": source}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
