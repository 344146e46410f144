"""Register import (导入): read a workbook or CSV files, normalise, validate, report — and apply.

    from bangfu.registry.importing import open_source, register_validate, report_write
    with open_source(path) as source:
        report = register_validate(source, lang="zh")
        if report.errors:
            report_write(report.issues, "问题.xlsx")
        else:
            apply.register_import_apply(validated_rows(source), file_name=path.name)

Reading, normalising and validating are in ``sources``/``formats``/``csvfiles``, ``normalise``, ``typed``,
``rules``, ``references`` and ``validate``; the report in ``report``; messages in ``messages``.
Writing validated rows to the database is ``apply`` (with ``history``).
"""

from bangfu.registry.importing.issues import ImportIssue, SourceError, ValidationReport
from bangfu.registry.importing.report import issues_text, report_write
from bangfu.registry.importing.sources import RegisterSource, SourceRow, open_source
from bangfu.registry.importing.typed import typed_rows, validated_rows
from bangfu.registry.importing.validate import register_validate

__all__ = [
    "ImportIssue",
    "RegisterSource",
    "SourceError",
    "SourceRow",
    "ValidationReport",
    "issues_text",
    "open_source",
    "register_validate",
    "report_write",
    "typed_rows",
    "validated_rows",
]
