"""Small, valid programme records for tests, built through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from stdnum.cn import uscc

from bangfu.programme import services
from bangfu.projects import services as project_services
from bangfu.regions.models import Division

_sequence = count(1)


def uscc_code(serial: int | None = None) -> str:
    """A valid unified social credit code (统一社会信用代码), unique within the test run."""
    body = f"91440300MA5{(serial or next(_sequence)):06d}"
    return body + uscc.calc_check_digit(body)


def programme(name: str = "深圳对口帮扶汕尾", **kw):
    kw = {"start_year": 2013, "end_year": 2020} | kw
    shanwei = Division.objects.get(code="441500000000")
    return services.programme_create(
        name=name, donor_city="深圳", recipient_city="汕尾", recipient_division=shanwei, **kw
    )


def unit(name: str = "福田区", **kw):
    return services.assisting_unit_create(name=name, kind=kw.pop("kind", "区"), **kw)


def cadre(unit, name: str = "李明", **kw):
    return services.cadre_create(name=name, unit=unit, code=kw.pop("code", f"C{next(_sequence):04d}"), **kw)


def project(programme, village, code: str = "P001", **kw):
    kw = {"name": "茶叶加工厂", "category": "产业", "budget": Decimal("1000000"), "start_year": 2017} | kw
    kw.setdefault("status_date", date(2017, 1, 10))
    return project_services.project_create(programme=programme, code=code, village=village, **kw)


def county(code: str = "441521000000") -> Division:
    return Division.objects.get(code=code)
