"""Bulk loads of programme records (批量载入): ``programme_records_bulk_load`` and its input ``spec``."""

from bangfu.programme_projects.bulk.load import BulkLoadError, BulkProblem, programme_records_bulk_load

__all__ = ["BulkLoadError", "BulkProblem", "programme_records_bulk_load"]
