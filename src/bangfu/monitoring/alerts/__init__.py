"""Department cross-check files (部门筛查预警数据): shared/contracts/department-alerts.md.

``contract`` (columns, departments and their events), ``reading`` (the file as checked rows and located
issues, reusing the register import's cell normalisation), ``services`` (import, export, verification).
"""
