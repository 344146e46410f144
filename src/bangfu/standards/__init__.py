"""Standards as data (标准): a small rule language over named features, compiled to SQL with SQLGlot.

Pure Python: no Django (the code lists it reads are ``bangfu.codes``), no database. A standard is a
TOML file (shipped ones in ``data/``); its rules are parsed, validated and compiled to SQL over the register
snapshot (``snapshot_schema``), which the engine runs on DuckDB. See docs/standards.md.

    standard = load_standard("gd-2016")
    query = standard.household_query(2020, area=Area.within("4415"))   # the area is required
    query.sql, query.to("postgres")
"""

from bangfu.codes.area import Area
from bangfu.standards.errors import StandardError
from bangfu.standards.files import load_standard, shipped_standard_ids
from bangfu.standards.query import CompiledQuery
from bangfu.standards.standard import Criterion, Mpi, Standard

__all__ = [
    "Area",
    "CompiledQuery",
    "Criterion",
    "Mpi",
    "Standard",
    "StandardError",
    "load_standard",
    "shipped_standard_ids",
]
