"""Dynamic monitoring against return to poverty (防止返贫动态监测和帮扶, issue #15).

Monitoring cases (监测对象) of households, the steps of their procedure, leads (线索) from every channel, and
department alerts (部门筛查预警) imported from department files (shared/contracts/department-alerts.md).
See docs/monitoring.md.
"""
