"""Which programme records must not overlap in time: one definition for one record and for a bulk load.

The services (``programme.services``: a pairing or posting created, ended, or checked by the admin) ask it of
one record with plain values; the bulk load (``programme.bulk``) asks it of every new row at once, with
``OuterRef`` to the row. Both build their queries from these conditions, so the rules cannot drift apart:

- a pairing (结对): the same assisting unit and village are paired once at a time;
- a posting (派驻) in the same role and place: for 第一书记 and 帮扶责任人 (``EXCLUSIVE_ROLES``) one cadre at a
  time; for 驻村工作队员 and 挂职干部 the same cadre is not posted twice to it at once;
- a cadre is first secretary (第一书记) of one village at a time.

Periods run from ``start_date`` to ``end_date`` inclusive; an empty end date is open (``FAR_FUTURE``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, Q, Value
from django.db.models.functions import Coalesce

from bangfu.programme.choices import EXCLUSIVE_ROLES, CadreRole

#: Stands for "no end" when comparing open periods.
FAR_FUTURE = date(9999, 12, 31)

#: The end of a record's period as a query expression (open: ``FAR_FUTURE``).
PERIOD_STOP = Coalesce("end_date", Value(FAR_FUTURE, output_field=DateField()))


def period_overlaps(start, stop) -> Q:
    """Records whose period meets ``start`` … ``stop`` (dates, or expressions such as ``OuterRef``)."""
    return (Q(end_date__isnull=True) | Q(end_date__gte=start)) & Q(start_date__lte=stop)


def same_pairing(*, unit, village) -> Q:
    """Pairings of the same assisting unit and village."""
    return Q(unit=unit, village=village)


def same_post(*, role, place_field: str, place, cadre) -> Q:
    """Postings to the same post: the same role and place (``place_field``: village, household or division);
    in a role that is not exclusive, only the same cadre's."""
    return Q(role=role, **{place_field: place}) & (Q(role__in=EXCLUSIVE_ROLES) | Q(cadre=cadre))


def first_secretary_postings(*, cadre) -> Q:
    """The cadre's first-secretary postings, in any village."""
    return Q(role=CadreRole.FIRST_SECRETARY, cadre=cadre)
