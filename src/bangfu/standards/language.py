"""The rule language (规则语言): a restricted SQL expression grammar, parsed by SQLGlot, validated, typed.

A rule is one expression over named features and parameters, such as
``has_labour and net_income_per_capita >= line or not has_labour and covered_by_social_assistance``.
Allowed: ``and`` ``or`` ``not``, comparisons (= <> != < <= > >=), ``in (…)``, ``between … and …``,
``is null`` / ``is not null``, + - * /, parentheses, numbers, 'strings', true/false/null, and the functions
in FUNCTIONS. Everything else (subqueries, other functions, qualified names, …) is refused.

``parse_rule`` validates and types a rule; ``compile_rule`` turns it into a SQLGlot expression in which
features are columns of a frame and parameters are literals. Division never divides by zero and never
truncates (``a / b`` compiles to ``CAST(a AS DOUBLE) / NULLIF(b, 0)``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from bangfu.standards.features import BOOLEAN, INTEGER, LIST, NUMBER, STRING, Feature

NULL = "null"
TYPE_TITLES = {BOOLEAN: "真假值", NUMBER: "数值", STRING: "字符串", NULL: "空值"}
FUNCTIONS = {"abs": exp.Abs, "coalesce": exp.Coalesce, "greatest": exp.Greatest, "least": exp.Least,
             "round": exp.Round}  # fmt: skip
_COMPARISONS = (exp.GT, exp.GTE, exp.LT, exp.LTE)
#: What round() rounds: the value as a decimal (see compile_rule).
ROUND_TYPE = "DECIMAL(38, 10)"
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div)


class RuleError(Exception):
    """A rule that cannot be parsed or validated; ``line`` is the line within the rule text (1-based)."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Rule:
    """A validated rule: its text, the names it uses (first appearance order) and its parsed tree."""

    text: str
    names: tuple[str, ...]
    tree: exp.Expression = field(repr=False, compare=False)


def _kind(type_: str) -> str:
    return NUMBER if type_ == INTEGER else type_


def _line(node: exp.Expression) -> int:
    for candidate in (node, *node.find_all(exp.Identifier)):
        line = (candidate.meta or {}).get("line")
        if line:
            return line
    return 1


def parse_rule(
    text: str, features: Mapping[str, Feature], parameters: Mapping[str, str], level_title: str
) -> Rule:
    """Parse and validate ``text``; the result must be true or false. ``parameters`` maps names to types."""
    if not isinstance(text, str) or not text.strip():
        raise RuleError("规则为空")
    try:
        trees = sqlglot.parse(text, read="duckdb")
    except (ParseError, TokenError) as error:
        detail = (getattr(error, "errors", None) or [{}])[0]
        near = (detail.get("highlight") or "").strip()
        where = f"“{near}”附近" if near else "此处"
        raise RuleError(
            f"语法错误：{where}无法解析（{detail.get('description') or error}）", detail.get("line") or 1
        ) from None
    if len(trees) != 1 or trees[0] is None:
        raise RuleError("语法错误：一条规则只能写一个表达式")
    tree = trees[0]
    checker = _Checker(features, parameters, level_title)
    type_ = checker.type_of(tree)
    if type_ != BOOLEAN:
        raise RuleError(f"类型错误：规则的结果必须是真假值，这里是{TYPE_TITLES[type_]}", _line(tree))
    return Rule(text=text, names=tuple(dict.fromkeys(checker.names)), tree=tree)


class _Checker:
    def __init__(self, features: Mapping[str, Feature], parameters: Mapping[str, str], level_title: str):
        self.features = features
        self.parameters = parameters
        self.level_title = level_title
        self.names: list[str] = []

    def type_of(self, node: exp.Expression) -> str:
        if isinstance(node, exp.Paren):
            return self.type_of(node.this)
        if isinstance(node, exp.And | exp.Or):
            self.expect(node.this, BOOLEAN, node)
            self.expect(node.expression, BOOLEAN, node)
            return BOOLEAN
        if isinstance(node, exp.Not):
            self.expect(node.this, BOOLEAN, node)
            return BOOLEAN
        if isinstance(node, exp.EQ | exp.NEQ):
            if isinstance(node.this, exp.Null) or isinstance(node.expression, exp.Null):
                raise RuleError("与 null 比较的结果总是未知：请写 is null 或 is not null", _line(node))
            self.same(node, [node.this, node.expression])
            return BOOLEAN
        if isinstance(node, _COMPARISONS):
            self.expect(node.this, NUMBER, node)
            self.expect(node.expression, NUMBER, node)
            return BOOLEAN
        if isinstance(node, exp.Between):
            for operand in (node.this, node.args.get("low"), node.args.get("high")):
                self.expect(operand, NUMBER, node)
            return BOOLEAN
        if isinstance(node, exp.In):
            if any(node.args.get(key) for key in ("query", "unnest", "field")) or not node.expressions:
                raise RuleError("in 后面只能是括号里的取值列表，例如 in ('A', 'B')", _line(node))
            self.same(node, [node.this, *node.expressions])
            return BOOLEAN
        if isinstance(node, exp.Is):
            if not isinstance(node.expression, exp.Null):
                raise RuleError("is 后面只能是 null 或 not null", _line(node))
            self.type_of(node.this)
            return BOOLEAN
        if isinstance(node, _ARITHMETIC):
            self.expect(node.this, NUMBER, node)
            self.expect(node.expression, NUMBER, node)
            return NUMBER
        if isinstance(node, exp.Neg):
            self.expect(node.this, NUMBER, node)
            return NUMBER
        if isinstance(node, exp.Boolean):
            return BOOLEAN
        if isinstance(node, exp.Null):
            return NULL
        if isinstance(node, exp.Literal):
            return STRING if node.is_string else NUMBER
        if isinstance(node, exp.Column):
            return self.name_type(node)
        if isinstance(node, exp.Case | exp.If):
            raise RuleError("不支持 case/if 写法，请用 and、or、not 组合条件", _line(node))
        if isinstance(node, exp.Func):
            return self.function_type(node)
        raise RuleError(f"不支持的写法：{node.sql(dialect='duckdb')}", _line(node))

    def name_type(self, node: exp.Column) -> str:
        if node.table or not isinstance(node.this, exp.Identifier):
            raise RuleError(f"不支持带限定的名称：{node.sql(dialect='duckdb')}", _line(node))
        name = node.name
        self.names.append(name)
        if name in self.features:
            return _kind(self.features[name].type)
        if name in self.parameters:
            if self.parameters[name] == LIST:
                raise RuleError(
                    f"参数 {name} 是取值列表（政策口径），供特征使用，不能写在规则里", _line(node)
                )
            return _kind(self.parameters[name])
        hint = "（字符串请用单引号，例如 'A'）" if node.this.quoted else ""
        raise RuleError(
            f"未知的特征 {name}{hint}（{self.level_title}规则可用的特征见 docs/standards.md）", _line(node)
        )

    def function_type(self, node: exp.Func) -> str:
        name = (node.sql_name() if not isinstance(node, exp.Anonymous) else node.name).lower()
        if name not in FUNCTIONS or not isinstance(node, FUNCTIONS[name]):
            raise RuleError(f"未知的函数 {name}（可用：{'、'.join(sorted(FUNCTIONS))}）", _line(node))
        if isinstance(node, exp.Coalesce):
            return self.same(node, [node.this, *node.expressions])
        if isinstance(node, exp.Round):
            self.expect(node.this, NUMBER, node)
            decimals = node.args.get("decimals")
            if decimals is not None and not (isinstance(decimals, exp.Literal) and decimals.is_int):
                raise RuleError("round 的小数位数必须是整数", _line(node))
            return NUMBER
        for operand in [node.this, *node.expressions]:
            self.expect(operand, NUMBER, node)
        return NUMBER

    def expect(self, node: exp.Expression | None, wanted: str, parent: exp.Expression) -> None:
        if node is None:
            raise RuleError(f"语法错误：{parent.sql(dialect='duckdb')}", _line(parent))
        type_ = self.type_of(node)
        if type_ not in (wanted, NULL):
            raise RuleError(
                f"类型错误：{node.sql(dialect='duckdb')} 是{TYPE_TITLES[type_]}，这里需要{TYPE_TITLES[wanted]}",
                _line(node),
            )

    def same(self, parent: exp.Expression, operands: list[exp.Expression]) -> str:
        """All operands of one type (null matches any); string codes are checked against the feature's."""
        types = [self.type_of(operand) for operand in operands]
        known = [type_ for type_ in types if type_ != NULL]
        if len(set(known)) > 1:
            shown = "、".join(
                f"{op.sql(dialect='duckdb')}（{TYPE_TITLES[t]}）"
                for op, t in zip(operands, types, strict=True)
            )
            raise RuleError(f"类型错误：不能比较 {shown}", _line(parent))
        self.check_codes(operands)
        return known[0] if known else NULL

    def check_codes(self, operands: list[exp.Expression]) -> None:
        coded = [
            self.features[op.name]
            for op in operands
            if isinstance(op, exp.Column) and op.name in self.features and self.features[op.name].codes
        ]
        for feature in coded:
            for operand in operands:
                if (
                    isinstance(operand, exp.Literal)
                    and operand.is_string
                    and operand.this not in feature.codes
                ):
                    allowed = "、".join(code or "''" for code in feature.codes)
                    raise RuleError(
                        f"特征 {feature.name} 没有取值 '{operand.this}'（可用取值：{allowed}）",
                        _line(operand),
                    )


def compile_rule(rule: Rule, resolve: Callable[[str], exp.Expression]) -> exp.Expression:
    """The rule as SQL, ``resolve`` giving each feature's column and each parameter's value.

    The result is wrapped in ``COALESCE(…, FALSE)``: a rule whose inputs are unknown (NULL) is not met.
    """

    tree = rule.tree.copy()
    # Deepest divisions first, so that a division inside another is rewritten too.
    for division in reversed(list(tree.find_all(exp.Div))):
        numerator = exp.cast(division.this, exp.DataType.build("DOUBLE"))
        denominator = exp.func("NULLIF", division.expression, exp.Literal.number(0))
        rewritten = exp.Div(this=numerator, expression=denominator)
        if division is tree:
            tree = rewritten
        else:
            division.replace(rewritten)

    # round() works on the decimal value: DuckDB rounds the binary double (round(1.005, 2) = 1.0), Spark the
    # decimal one (1.01), and PostgreSQL has no round(double precision, int) at all. A DECIMAL(38, 10) cast
    # first makes all three round 1.005 to 1.01, half away from zero.
    for rounding in list(tree.find_all(exp.Round)):
        rounding.set("this", exp.cast(rounding.this, exp.DataType.build(ROUND_TYPE)))

    def replace(node: exp.Expression) -> exp.Expression:
        return resolve(node.name) if isinstance(node, exp.Column) else node

    compiled = tree.transform(replace)
    return exp.func("COALESCE", exp.Paren(this=compiled), exp.Boolean(this=False))
