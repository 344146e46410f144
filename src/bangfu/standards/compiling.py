"""Pieces shared by the query compilers: resolving names, compiled criteria, the detail JSON, finishing."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from sqlglot import exp

from bangfu.codes.area import Area
from bangfu.standards.features import FEATURES, LIST, POLICIES
from bangfu.standards.frames import literal, with_ctes
from bangfu.standards.language import compile_rule
from bangfu.standards.query import CompiledQuery
from bangfu.standards.scope import guard

if TYPE_CHECKING:
    from bangfu.standards.parameters import Parameter
    from bangfu.standards.standard import Criterion

#: The built-in parameter every rule may name: the assessed year.
YEAR = "year"


def resolver(
    parameters: Mapping[str, Parameter],
    year: int,
    table: str | Callable[[str], str],
    village_table: str | None = None,
) -> Callable[[str], exp.Expression]:
    """Names in rules → SQL: a feature is a column of ``table`` (or of the table ``table(name)`` names), a
    parameter its value for the year (by the ``village_code`` of ``village_table``, default ``table``)."""
    feature_table = table if callable(table) else (lambda _: table)
    village_code = exp.column("village_code", table=village_table or table)

    def resolve(name: str) -> exp.Expression:
        if name in FEATURES:
            return exp.column(name, table=feature_table(name))
        if name == YEAR:
            return literal(year)
        return parameters[name].resolve(year, village_code)

    return resolve


def policy_values(parameters: Mapping[str, Parameter], year: int) -> dict[str, object]:
    """The standard's policy choices (``features.POLICIES``) for the year, as feature SQL reads them."""
    return {
        name: p.value(year)
        for name, p in parameters.items()
        if name in POLICIES and p.value(year) is not None
    }


def age_date(parameters: Mapping[str, Parameter], year: int) -> datetime.date:
    """The date ages are counted on for the year: ``school_cutoff`` (month-day, e.g. 08-31) of that year.

    The loader requires ``school_cutoff`` of every standard whose rules depend on ages; for the others ages
    are not read, and 31 December stands in.
    """
    if "school_cutoff" not in parameters:
        return datetime.date(year, 12, 31)
    month, day = (int(part) for part in str(parameters["school_cutoff"].value(year)).split("-"))
    return datetime.date(year, month, day)


def used_features(criteria: Iterable[Criterion]) -> list[str]:
    return list(dict.fromkeys(name for c in criteria for name in c.rule.names if name in FEATURES))


def met(criterion: Criterion) -> str:
    """The column holding whether a row meets a criterion."""
    return f"met_{criterion.id}"


def compiled(criterion: Criterion, resolve: Callable[[str], exp.Expression]) -> exp.Expression:
    return exp.alias_(compile_rule(criterion.rule, resolve), met(criterion))


def json_object(pairs: Iterable[tuple[str, exp.Expression]]) -> exp.Expression:
    """A JSON object of the pairs (null when there are none: a rule that names nothing has no values)."""
    fields = [exp.JSONKeyValue(this=exp.Literal.string(key), expression=value) for key, value in pairs]
    return exp.JSONObject(expressions=fields) if fields else exp.Null()


def as_text(node: exp.Expression) -> exp.Expression:
    return exp.cast(node, exp.DataType.build("TEXT"))


def detail(
    criteria: Iterable[Criterion],
    table: str,
    verdict_key: str,
    resolve: Callable[[str], exp.Expression],
    parameters: Mapping[str, Parameter],
) -> exp.Expression:
    """``{"criteria": {id: {verdict_key: …, "values": {name: value}}}, "parameters": {…}}`` as JSON text.

    The values are those of every feature and parameter the criterion's rule names: what decided it. A
    criterion naming features that may be unrecorded also has ``not_recorded``: their titles, '' when recorded.
    """
    per_criterion = [
        (
            criterion.id,
            json_object(
                [
                    (verdict_key, exp.column(met(criterion), table=table)),
                    ("values", json_object((name, resolve(name)) for name in criterion.rule.names)),
                    *(
                        [("not_recorded", exp.column(undecided(criterion), table=table))]
                        if not_recorded(criterion)
                        else []
                    ),
                ]
            ),
        )
        for criterion in criteria
    ]
    document = json_object(
        [
            ("criteria", json_object(per_criterion)),
            ("parameters", json_object((n, resolve(n)) for n in parameters if parameters[n].type != LIST)),
        ]
    )
    return as_text(document)


def ids_where(criteria: Iterable[Criterion], table: str, meeting: bool) -> exp.Expression:
    """Criterion ids, sorted, joined by ';', of the criteria met (``meeting``) or not met; '' when none."""
    parts = []
    for criterion in sorted(criteria, key=lambda c: c.id):
        condition = exp.column(met(criterion), table=table)
        if not meeting:
            condition = exp.not_(condition)
        parts.append(exp.Case().when(condition, exp.Literal.string(criterion.id)))
    return (
        exp.func("CONCAT_WS", exp.Literal.string(";"), *parts, dialect="duckdb")
        if parts
        else exp.Literal.string("")
    )


def not_recorded(criterion: Criterion) -> list[str]:
    """The features the criterion names whose NULL means "not recorded" (``Feature.unrecorded``)."""
    return [
        name for name in dict.fromkeys(criterion.rule.names) if name in FEATURES and FEATURES[name].unrecorded
    ]


def undecided(criterion: Criterion) -> str:
    """The column holding the titles of the criterion's features that are not recorded ('' when decided)."""
    return f"unrecorded_{criterion.id}"


def compiled_undecided(
    criterion: Criterion, resolve: Callable[[str], exp.Expression]
) -> exp.Expression | None:
    """``unrecorded_<id>``: the Chinese titles of the criterion's unrecorded features, joined by 、, when the
    rule is not met; '' when it is met (a rule met whatever the missing value, such as ``not has_labour or
    food_secure`` for a household without labour, is decided); None when the criterion names no such feature
    (it is then always decided)."""
    names = not_recorded(criterion)
    if not names:
        return None
    parts = [
        exp.Case().when(resolve(name).is_(exp.Null()), exp.Literal.string(FEATURES[name].title))
        for name in names
    ]
    titles = exp.func("CONCAT_WS", exp.Literal.string("、"), *parts, dialect="duckdb")
    when_unmet = exp.Case().when(compile_rule(criterion.rule, resolve), exp.Literal.string("")).else_(titles)
    return exp.alias_(when_unmet, undecided(criterion))


def _is_undecided(criterion: Criterion, table: str) -> exp.Expression:
    return exp.column(undecided(criterion), table=table).neq(exp.Literal.string(""))


def _fails(criterion: Criterion, table: str) -> exp.Expression:
    """Decided and not met."""
    failing = exp.not_(exp.column(met(criterion), table=table))
    if not_recorded(criterion):
        failing = exp.and_(failing, exp.not_(_is_undecided(criterion, table)))
    return failing


def exit_outcome(criteria: tuple[Criterion, ...], table: str) -> tuple[exp.Expression, exp.Expression]:
    """(result, failed) of an exit verdict with "cannot decide" as its own outcome.

    ``fail`` when a decided criterion is not met (``failed``: those criteria); else ``undecided`` when a
    criterion cannot be decided because a feature it needs is not recorded (``failed``: those criteria); else
    ``pass``. Criteria over recorded data only are decided as before: unknown values fail them.
    """
    open_ = [criterion for criterion in criteria if not_recorded(criterion)]
    if not open_:
        result = exp.Case().when(all_met(criteria, table), exp.Literal.string("pass"))
        return result.else_(exp.Literal.string("fail")), ids_where(criteria, table, meeting=False)
    any_fail = exp.or_(*(_fails(criterion, table) for criterion in criteria))
    any_open = exp.or_(*(_is_undecided(criterion, table) for criterion in open_))
    result = (
        exp.Case()
        .when(any_fail, exp.Literal.string("fail"))
        .when(any_open, exp.Literal.string("undecided"))
        .else_(exp.Literal.string("pass"))
    )

    def ids(condition) -> exp.Expression:
        parts = [
            exp.Case().when(condition(criterion), exp.Literal.string(criterion.id))
            for criterion in sorted(criteria, key=lambda c: c.id)
        ]
        return exp.func("CONCAT_WS", exp.Literal.string(";"), *parts, dialect="duckdb")

    failed_ids = ids(lambda criterion: _fails(criterion, table))
    open_ids = ids(lambda criterion: _is_undecided(criterion, table) if criterion in open_ else exp.false())
    return result, exp.Case().when(any_fail.copy(), failed_ids).else_(open_ids)


def all_met(criteria: Iterable[Criterion], table: str) -> exp.Expression:
    return exp.and_(*(exp.column(met(c), table=table) for c in criteria))


def any_met(criteria: Iterable[Criterion], table: str) -> exp.Expression:
    return exp.or_(*(exp.column(met(c), table=table) for c in criteria))


def finish(select: exp.Select, ctes: list[tuple[str, exp.Select]], area: Area) -> CompiledQuery:
    """Attach the CTEs, add the scope guard to every table read, and wrap up."""
    return CompiledQuery.of(guard(with_ctes(select, ctes), area))
