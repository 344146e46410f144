"""Read a standard file (TOML), validate it, and report errors with the file's name and line.

Shipped standards live in ``data/<id>.toml``. ``tomllib`` gives no line numbers for values, so ``_Lines``
scans the raw text for the line of a key path (a table header ``[a.b]`` or a ``key =`` line in it).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import tomllib
from pathlib import Path
from types import MappingProxyType

from bangfu.standards.compiling import YEAR, used_features
from bangfu.standards.errors import StandardError
from bangfu.standards.features import (
    CASE,
    FEATURES,
    HOUSEHOLD,
    LEVEL_TITLES,
    LIST,
    MEMBER,
    NUMBER,
    POLICIES,
    VILLAGE,
    features_of,
)
from bangfu.standards.frames import placeholders, reads_age, with_dependencies
from bangfu.standards.language import RuleError, parse_rule
from bangfu.standards.parameters import ParameterError, parse_parameter
from bangfu.standards.standard import (
    HOUSEHOLD_EXIT,
    KIND_TITLES,
    MONITORING,
    MPI,
    QUALITY,
    Criterion,
    Mpi,
    Standard,
)

DATA = Path(__file__).parent / "data"
TABLES = DATA / "tables"  # shared parameter tables, named by standards as { table = "<name>" }
#: The standard whose ``line`` table gives the monitoring line of a year: a quality standard's case-level checks
#: read it (screening and elimination use it too).
MONITORING_STANDARD = "monitoring"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {
    "id",
    "kind",
    "title",
    "source",
    "precedence",
    "parameters",
    "criteria",
    "village_criteria",
    "mpi",
    "alerts",  # monitoring: thresholds of department alerts, read by bangfu.monitoring (not by rules)
    "data_missing",  # monitoring: when a household cannot be screened (result "missing", never "clear")
}
_CRITERION_KEYS = {
    HOUSEHOLD_EXIT: {"title", "rule"},
    MONITORING: {"title", "rule"},
    QUALITY: {"title", "rule", "level", "message"},
    MPI: {"title", "rule", "weight", "dimension"},
}


def _valid_month_day(value: object) -> bool:
    try:
        month, day = (int(part) for part in str(value).split("-"))
        datetime.date(2001, month, day)  # not a leap year: the date must exist every year
    except ValueError:
        return False
    return len(str(value)) == 5


def shipped_standard_ids() -> list[str]:
    """Ids of the standards shipped with Bangfu, sorted."""
    return sorted(path.stem for path in DATA.glob("*.toml"))


def load_standard(source: str | Path) -> Standard:
    """A shipped standard by id (``"gd-2016"``), or a standard file by path."""
    if isinstance(source, Path) or str(source).endswith(".toml"):
        path = Path(source)
        if not path.is_file():
            raise StandardError(f"找不到标准文件 {path}")
    else:
        if source not in shipped_standard_ids():
            raise StandardError(f"未知的标准 {source}（可用：{'、'.join(shipped_standard_ids())}）")
        path = DATA / f"{source}.toml"
    return _standard_read(path.resolve(), hashlib.sha256(path.read_bytes()).hexdigest())


@functools.lru_cache(maxsize=64)
def _standard_read(path: Path, content_hash: str) -> Standard:
    """Parse and check a standard file once per content (pages read poverty lines on every request).

    ``Standard`` is immutable, so the parsed object is shared; a file whose content changed is read again.
    """
    return _Reader(path).standard()


class _Lines:
    """Where each table header and key of a TOML text is (1-based line numbers)."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(
        r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
    )

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.places: dict[tuple[str, ...], int] = {}
        self.opens_multiline: set[int] = set()
        table: tuple[str, ...] = ()
        in_string = None
        for number, line in enumerate(self.lines, 1):
            if in_string:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if header := self._HEADER.match(line):
                table = self._split(header.group(1))
                self.places.setdefault(table, number)
                continue
            if key := self._KEY.match(line):
                self.places.setdefault((*table, *self._split(key.group(1))), number)
                rest = line[key.end() :].strip()
                for quote in ('"""', "'''"):
                    if rest.startswith(quote) and rest.count(quote) == 1:
                        in_string = quote
                        if rest == quote:
                            self.opens_multiline.add(number)

    @staticmethod
    def _split(dotted: str) -> tuple[str, ...]:
        parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', dotted)
        return tuple(next(p for p in part if p) if any(part) else "" for part in parts)

    def find(self, path: tuple[str, ...]) -> int | None:
        """The line of the key path, or of its nearest enclosing key or table."""
        for length in range(len(path), 0, -1):
            if path[:length] in self.places:
                return self.places[path[:length]]
        return None

    def rule_line(self, path: tuple[str, ...], line_in_rule: int) -> int | None:
        start = self.find(path)
        if start is None:
            return None
        return start + (line_in_rule - 1) + (1 if start in self.opens_multiline and line_in_rule > 1 else 0)


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.file = path.name
        self.raw = path.read_bytes()
        try:
            self.text = self.raw.decode("utf-8")
        except UnicodeDecodeError:
            raise StandardError("文件不是 UTF-8 编码", self.file) from None
        self.lines = _Lines(self.text)
        self.shared: list[bytes] = []  # bytes of the shared tables the file names, for the content hash

    def fail(self, message: str, path: tuple[str, ...] = (), line: int | None = None):
        raise StandardError(message, self.file, line or self.lines.find(path))

    def standard(self) -> Standard:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"at line (\d+)", str(error))
            self.fail(f"TOML 格式错误：{error}", line=int(found.group(1)) if found else None)
        for key in data:
            if key not in _TOP_KEYS:
                self.fail(f"未知的键 {key}（可用：{'、'.join(sorted(_TOP_KEYS))}）", (key,))
        standard_id = self.text_value(data, "id")
        if not _ID.match(standard_id):
            self.fail(f"标准编号 {standard_id} 只能用小写字母、数字和连字符", ("id",))
        kind = self.text_value(data, "kind")
        if kind not in KIND_TITLES:
            self.fail(f"未知的标准类型 {kind}（可用：{'、'.join(KIND_TITLES)}）", ("kind",))
        self.kind = kind
        parameters = self.parameters(data.get("parameters", {}))
        self.parameter_types = {name: p.type for name, p in parameters.items()} | {YEAR: NUMBER}
        criteria = self.criteria(data, "criteria", HOUSEHOLD)
        village_criteria = ()
        if "village_criteria" in data:
            if kind != HOUSEHOLD_EXIT:
                self.fail("只有贫困户退出标准可以有村级出列条件 village_criteria", ("village_criteria",))
            village_criteria = self.criteria(data, "village_criteria", VILLAGE)
        self.check_policies(parameters, criteria)
        return Standard(
            id=standard_id,
            kind=kind,
            title=self.text_value(data, "title"),
            source=self.text_value(data, "source"),
            content_hash=hashlib.sha256(b"".join([self.raw, *self.shared])).hexdigest(),
            file=self.file,
            path=self.path,
            criteria=criteria,
            village_criteria=village_criteria,
            parameters=MappingProxyType(parameters),
            precedence=self.precedence(data, criteria),
            mpi=self.mpi(data, criteria),
            data_missing=self.data_missing(data),
            monitoring_line=self.monitoring_line(criteria),
        )

    def monitoring_line(self, criteria: tuple[Criterion, ...]):
        """The monitoring standard's ``line`` parameter (by year and region), when case-level checks read it."""
        if self.kind != QUALITY or not any(criterion.level == CASE for criterion in criteria):
            return None
        return load_standard(MONITORING_STANDARD).parameters["line"]

    def text_value(self, table: dict, key: str, path: tuple[str, ...] = ()) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"缺少 {key}，或它不是非空字符串", (*path, key) if key in table else path)
        return value.strip()

    def parameters(self, table: object) -> dict:
        if not isinstance(table, dict):
            self.fail("parameters 必须是表", ("parameters",))
        parameters = {}
        for name, value in table.items():
            path = ("parameters", name)
            if isinstance(value, dict) and set(value) == {"table"}:
                value = self.shared_table(value["table"], path)
            if not _NAME.match(name):
                self.fail(f"参数名 {name} 只能用小写字母、数字和下划线，并以字母开头", path)
            if name in FEATURES or name == YEAR:
                self.fail(f"参数名 {name} 与特征或内置名称重名", path)
            try:
                parameters[name] = parse_parameter(name, value)
            except ParameterError as error:
                self.fail(error.message, ("parameters", *error.path))
        return parameters

    def shared_table(self, name: object, path: tuple[str, ...]) -> dict:
        """The ``values`` of a shared table ``data/tables/<name>.toml`` (e.g. the national line by year).

        Standards that need the same values (cn-2020's line, gd-2016's national floor, mpi's line) name the
        table instead of copying it; its bytes are part of each such standard's content hash.
        """
        if not isinstance(name, str) or not _ID.match(name) or not (TABLES / f"{name}.toml").is_file():
            self.fail(
                f"找不到共用参数表 {name!r}（{'、'.join(sorted(p.stem for p in TABLES.glob('*.toml')))}）",
                path,
            )
        raw = (TABLES / f"{name}.toml").read_bytes()
        self.shared.append(raw)
        try:
            values = tomllib.loads(raw.decode("utf-8")).get("values")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            self.fail(f"共用参数表 {name} 格式错误：{error}", path)
        if not isinstance(values, dict):
            self.fail(f"共用参数表 {name} 缺少 values 表", path)
        return values

    def check_policies(self, parameters: dict, criteria: tuple[Criterion, ...]) -> None:
        """Every policy choice the used features read is set, with the right type and known codes."""
        for name, parameter in parameters.items():
            path = ("parameters", name)
            policy = POLICIES.get(name)
            if parameter.type == LIST and policy is None:
                self.fail(f"参数 {name} 是列表；列表只用于政策口径（{'、'.join(POLICIES)}）", path)
            if policy is None:
                continue
            if parameter.type != policy.type:
                self.fail(f"参数 {name}（{policy.title}）的类型不对", path)
            if any(region for region, _, _ in parameter.entries):
                self.fail(f"参数 {name}（{policy.title}）是全国口径，不能按地区取值", path)
            for _, _, value in parameter.entries:
                unknown = [item for item in value if item not in policy.codes] if policy.type == LIST else []
                if unknown:
                    self.fail(
                        f"参数 {name} 有未知的取值 {'、'.join(unknown)}（可用：{'、'.join(policy.codes)}）",
                        path,
                    )
                if name == "school_cutoff" and not _valid_month_day(value):
                    self.fail(f"参数 school_cutoff 必须是“月-日”，例如 08-31，收到 {value!r}", path)
        needed = set()
        for feature in with_dependencies(used_features(criteria)):
            needed |= placeholders(feature) - {YEAR}
            if reads_age(feature) and self.kind != QUALITY:
                needed.add("school_cutoff")
        for name in sorted(needed - set(parameters)):
            self.fail(
                f"规则用到的特征需要政策口径参数 {name}（{POLICIES[name].title}），请在 [parameters] 中写明",
                ("parameters",),
            )

    def criteria(self, data: dict, key: str, level: str) -> tuple[Criterion, ...]:
        table = data.get(key)
        if not isinstance(table, dict) or not table:
            self.fail(f"缺少 [{key}.<条件编号>] 条件表", (key,))
        allowed = _CRITERION_KEYS[self.kind] if key == "criteria" else {"title", "rule"}
        result = []
        for criterion_id, body in table.items():
            path = (key, criterion_id)
            if not _NAME.match(criterion_id):
                self.fail(f"条件编号 {criterion_id} 只能用小写字母、数字和下划线，并以字母开头", path)
            if not isinstance(body, dict):
                self.fail(f"条件 {criterion_id} 必须是表，含 title 和 rule", path)
            for body_key in body:
                if body_key not in allowed:
                    self.fail(
                        f"条件 {criterion_id} 有未知的键 {body_key}（可用：{'、'.join(sorted(allowed))}）",
                        (*path, body_key),
                    )
            result.append(self.criterion(criterion_id, body, path, level))
        return tuple(result)

    def criterion(self, criterion_id: str, body: dict, path: tuple[str, ...], level: str) -> Criterion:
        extra = {}
        if self.kind == QUALITY and level == HOUSEHOLD:
            level = body.get("level", HOUSEHOLD)
            if level not in (HOUSEHOLD, MEMBER, CASE):
                self.fail(f"核查 {criterion_id} 的 level 必须是 household、member 或 case", (*path, "level"))
            extra = {"level": level, "message": self.text_value(body, "message", path)}
        if self.kind == MPI and level == HOUSEHOLD:
            weight = body.get("weight")
            if isinstance(weight, bool) or not isinstance(weight, int) or weight <= 0:
                self.fail(f"指标 {criterion_id} 的 weight 必须是正整数", (*path, "weight"))
            extra = {"weight": weight, "dimension": self.text_value(body, "dimension", path)}
        text = self.text_value(body, "rule", path)
        try:
            rule = parse_rule(body["rule"], features_of(level), self.parameter_types, LEVEL_TITLES[level])
        except RuleError as error:
            self.fail(error.message, line=self.lines.rule_line((*path, "rule"), error.line))
        return Criterion(
            id=criterion_id,
            title=self.text_value(body, "title", path),
            expression=text,
            line=self.lines.find((*path, "rule")),
            rule=rule,
            **extra,
        )

    def precedence(self, data: dict, criteria: tuple[Criterion, ...]) -> tuple[str, ...]:
        if self.kind != MONITORING:
            if "precedence" in data:
                self.fail("只有监测标准有 precedence（类别优先顺序）", ("precedence",))
            return ()
        order = data.get("precedence")
        ids = [criterion.id for criterion in criteria]
        if (
            not isinstance(order, list)
            or sorted(map(str, order)) != sorted(ids)
            or len(set(order)) != len(order)
        ):
            self.fail(f"precedence 必须按优先顺序列出每个监测类别各一次：{'、'.join(ids)}", ("precedence",))
        return tuple(order)

    def data_missing(self, data: dict) -> Criterion | None:
        """Monitoring: ``[data_missing]`` (title, rule) says when the data to screen a household is missing."""
        if "data_missing" not in data:
            return None
        if self.kind != MONITORING:
            self.fail("只有监测标准有 [data_missing]（数据缺失条件）", ("data_missing",))
        body = data["data_missing"]
        if not isinstance(body, dict) or set(body) - {"title", "rule"}:
            self.fail("[data_missing] 必须是表，只含 title 和 rule", ("data_missing",))
        return self.criterion("data_missing", body, ("data_missing",), HOUSEHOLD)

    def mpi(self, data: dict, criteria: tuple[Criterion, ...]) -> Mpi | None:
        if self.kind != MPI:
            if "mpi" in data:
                self.fail("只有多维贫困标准有 [mpi] 表", ("mpi",))
            return None
        table = data.get("mpi")
        if not isinstance(table, dict):
            self.fail("缺少 [mpi] 表（denominator、cutoff）", ("mpi",))
        for key in table:
            if key not in ("denominator", "cutoff"):
                self.fail(f"[mpi] 有未知的键 {key}（可用：cutoff、denominator）", ("mpi", key))
        numbers = {}
        for key in ("denominator", "cutoff"):
            value = table.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                self.fail(f"[mpi] 的 {key} 必须是正整数", ("mpi", key))
            numbers[key] = value
        total = sum(criterion.weight for criterion in criteria)
        if total != numbers["denominator"]:
            self.fail(
                f"各指标权重之和 {total} 不等于 denominator {numbers['denominator']}", ("mpi", "denominator")
            )
        if numbers["cutoff"] > numbers["denominator"]:
            self.fail("cutoff 不能大于 denominator", ("mpi", "cutoff"))
        return Mpi(denominator=numbers["denominator"], cutoff=numbers["cutoff"], indicators=criteria)
