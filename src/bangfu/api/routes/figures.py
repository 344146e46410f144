"""The key figures of the reader's scope (关键指标): the dashboard's own pre-aggregated figures."""

from dataclasses import asdict

from ninja import Router

from bangfu.accounts.scope import scope_for
from bangfu.api import schemas
from bangfu.indicators.selectors import figures_as_of, year_totals
from bangfu.indicators.services import figures_ensure

router = Router(tags=["指标 Figures"])


def _year(totals) -> dict:
    return {**asdict(totals), "incidence": totals.incidence, "income_per_capita": totals.income_per_capita}


@router.get("/figures/", response=schemas.FiguresOut, summary="关键指标 Key figures")
def figures(request):
    """本人数据范围内的村数、贫困村数、建档立卡和已脱贫的户数人数，按年度；与首页的指标相同。"""
    scope = scope_for(request.user)
    figures_ensure()
    years = [_year(totals) for totals in year_totals(scope)]
    as_of, _gaps = figures_as_of()
    return {
        "as_of": as_of.computed_at if as_of else None,
        "latest": years[-1] if years else None,
        "years": years,
    }
