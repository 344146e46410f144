"""The programme with its projects (对口帮扶与帮扶项目): what reads or writes both at once.

``projects`` sits above ``programme`` (a project, a fund, a park belongs to a programme), so what spans both
lives here, one layer above them (docs/architecture.md "Layers"):

- ``bulk``: the programme records' bulk load (units … projects, funds, parks … evaluations), with the markets'
  sheets added by their ``Extension``;
- ``importing``: the programme workbook import (``bangfu programme-import``), ``template``: its empty workbook
  (``bangfu programme-template``); the workbook's layout is ``programme.contract``;
- ``selectors``: the programme pages' and the API's scoped reads (overview, places, projects and funds, records).
"""
