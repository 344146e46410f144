"""A compiled query and its SQL in each dialect (DuckDB, PostgreSQL, Spark SQL).

The query is a SQLGlot tree; ``sql`` is its DuckDB text with every parameter inlined as a literal. Other
dialects are printed from the same tree by SQLGlot, after a dialect's own rewrites (a lookup table, as ibis
keeps one compiler per backend): JSON objects are ``json_build_object`` on PostgreSQL and ``to_json(struct)``
on Spark SQL, which has no JSON object constructor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlglot import exp

from bangfu.standards.errors import StandardError

DIALECTS = ("duckdb", "postgres", "spark")


def _json_build_object(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.JSONObject):
        arguments = [part for pair in node.expressions for part in (pair.this, pair.expression)]
        return exp.Anonymous(this="JSON_BUILD_OBJECT", expressions=arguments)
    return node


def _to_json_struct(node: exp.Expression) -> exp.Expression:
    """Nested objects become nested structs; only the outermost is turned into JSON text."""
    if isinstance(node, exp.JSONObject):
        fields = [exp.alias_(pair.expression, pair.this.this, quoted=True) for pair in node.expressions]
        struct = exp.Struct(expressions=fields)
        if isinstance(node.parent, exp.JSONKeyValue):
            return struct
        keep_nulls = exp.Anonymous(
            this="MAP", expressions=[exp.Literal.string("ignoreNullFields"), exp.Literal.string("false")]
        )
        return exp.func("TO_JSON", struct, keep_nulls)
    return node


_REWRITES: dict[str, tuple[Callable[[exp.Expression], exp.Expression], ...]] = {
    "duckdb": (),
    "postgres": (_json_build_object,),
    "spark": (_to_json_struct,),
}


@dataclass(frozen=True)
class CompiledQuery:
    """SQL of one query over the snapshot tables; ``columns`` are its result columns, in order."""

    sql: str
    columns: tuple[str, ...]
    tree: exp.Expression = field(repr=False, compare=False)

    @classmethod
    def of(cls, tree: exp.Select) -> CompiledQuery:
        return cls(sql=tree.sql(dialect="duckdb"), columns=tuple(tree.named_selects), tree=tree)

    def to(self, dialect: str, pretty: bool = False) -> str:
        """The same query in ``dialect``: "duckdb", "postgres" or "spark"."""
        if dialect not in _REWRITES:
            raise StandardError(f"不支持的 SQL 方言 {dialect}（可用：{'、'.join(DIALECTS)}）")
        tree = self.tree.copy()
        for rewrite in _REWRITES[dialect]:
            tree = _bottom_up(tree, rewrite)
        return tree.sql(dialect=dialect, pretty=pretty)


def _bottom_up(tree: exp.Expression, rewrite: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    """Apply ``rewrite`` to every node, children before their parent (so nested nodes are rewritten too)."""
    for node in reversed(list(tree.walk(bfs=False))):
        new = rewrite(node)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree
