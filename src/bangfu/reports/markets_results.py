"""Employment and consumption figures of the results report (就业帮扶、消费帮扶; R23), from the records.

Each figure is one aggregate query over the whole register up to 31 December of the report year (the
by-year figures one query per year); definitions are in docs/report.md. Money in whole yuan (half up).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear

from bangfu.markets.choices import Channel, Destination
from bangfu.markets.models import BenefitLink, JobFair, Placement, Product, Sale, Trainee, TrainingCourse
from bangfu.registry.dated import dated_copies, registered_poor_sql
from bangfu.reports.money import whole_yuan

#: The first year counted in ``people_in_work_by_year`` (the 2016–2020 period of the programme).
FIRST_YEAR = 2016


def markets_figures(*, year: int) -> dict:
    end = date(year, 12, 31)
    # Registered poor trainees: members of a registered poor household as the register stood on 31 December
    # of the year (registry.dated), so a later correction of a household's status changes no figure of it.
    columns = {
        "household": ["village_id", "attribute", "identified_year", "exit_year"],
        "member": ["household_id"],
    }
    with dated_copies(end, columns) as tables:
        poor_members = (
            f"SELECT m.id FROM {tables['member']} m "
            f"JOIN ({registered_poor_sql(tables['household'])}) h ON h.id = m.household_id"
        )
        poor = Q(member_id__in=RawSQL(poor_members, []))
        trained = Trainee.objects.filter(course__start_date__lte=end).aggregate(
            people=Count("member", distinct=True), poor=Count("member", filter=poor, distinct=True)
        )
    fairs = JobFair.objects.filter(date__lte=end).aggregate(fairs=Count("pk"), posts=Sum("posts"))
    placed = Placement.objects.filter(start_date__lte=end)
    by_destination = dict(placed.values_list("destination").annotate(n=Count("pk")).order_by())
    sold = Sale.objects.filter(date__lte=end)
    by_channel = dict(sold.values_list("channel").annotate(total=Sum("amount")).order_by())
    by_year = dict(
        sold.annotate(y=ExtractYear("date")).values_list("y").annotate(total=Sum("amount")).order_by("y")
    )
    share = trained["poor"] / trained["people"] if trained["people"] else None
    return {
        "training_sessions": TrainingCourse.objects.filter(start_date__lte=end).count(),
        "trainees": trained["people"],
        "trainees_registered_poor": trained["poor"],
        "trainees_registered_poor_share": None if share is None else round(share, 4),
        "job_fairs": fairs["fairs"],
        "job_fair_posts": fairs["posts"] or 0,
        "job_placements": placed.count(),
        "job_placements_by_destination": {d: by_destination.get(d, 0) for d in Destination.values},
        "people_in_work_by_year": {str(y): _people_in_work(y) for y in range(FIRST_YEAR, year + 1)},
        "certified_products": Product.objects.filter(certified_date__lte=end).count(),
        "consumption_sales_yuan": whole_yuan(sold.aggregate(total=Sum("amount"))["total"] or 0),
        "consumption_sales_by_channel": {c: whole_yuan(by_channel.get(c) or 0) for c in Channel.values},
        "consumption_sales_by_year": {str(y): whole_yuan(total) for y, total in by_year.items()},
        "households_benefiting": BenefitLink.objects.filter(start_year__lte=year).aggregate(
            n=Count("household", distinct=True)
        )["n"],
    }


def _people_in_work(year: int) -> int:
    """Distinct members with a placement covering at least one day of ``year``."""
    covering = Q(start_date__lte=date(year, 12, 31)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1))
    )
    return Placement.objects.filter(covering).aggregate(n=Count("member", distinct=True))["n"]
