"""The register import (导入, issue #4): read a workbook or CSV files, normalise, validate, report — and apply.

    from bangfu.registry.importing import open_source, register_validate, report_write, validated_rows
    with open_source(path) as source:
        report = register_validate(source, lang="zh")
        if report.errors:
            report_write(report.issues, "问题.xlsx")
        else:
            apply.register_import_apply(validated_rows(source), file_name=path.name)

Reading: ``sources`` and ``formats`` (``open_source``; ``csvfiles``); cells: ``normalise``, ``identity``, ``typed``; checks:
``rules`` (within a row), ``references`` (across rows, sheets and the database), ``validate``; the error
report: ``report``; messages in both languages: ``messages``. ``apply`` writes a validated file into the
register in one transaction; ``history`` records each import and what it changed.

The names below are loaded on first use, so importing a submodule (``sources``, ``normalise``) needs no
Django setup.
"""

from importlib import import_module

_EXPORTS = {
    "ImportIssue": "issues",
    "SourceError": "issues",
    "ValidationReport": "issues",
    "issues_text": "report",
    "report_write": "report",
    "RegisterSource": "sources",
    "SourceRow": "sources",
    "open_source": "formats",
    "typed_rows": "typed",
    "validated_rows": "typed",
    "register_validate": "validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
