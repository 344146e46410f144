"""The markets' records in the programme workbook's bulk loader (``programme_projects/bulk``), as an ``Extension``.

The loader checks these rows like the programme's (required fields, codes, references, duplicates, periods)
and inserts them set-wise in the same transaction; ``markets.apps`` registers the extension. Checks: a
trainee, a placed member and a subsidy's recipient are members of the register (by ID number); a course's
and a placement's end is not before its start; a product's validity not before its certification; a
certificate only for a trainee who completed; a sale not before its product was certified; amounts ≥ 0.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bangfu.markets import choices
from bangfu.markets.contract import SHEETS
from bangfu.markets.models import (
    BenefitLink,
    JobFair,
    Placement,
    Producer,
    Product,
    Sale,
    Subsidy,
    Trainee,
    TrainingCourse,
)
from bangfu.programme_projects.bulk.extension import Extension
from bangfu.programme_projects.bulk.spec import _f, _period, is_empty
from bangfu.registry.models import Member

ENTITIES = {
    "courses": (
        _f("code", required=True),
        _f("name", required=True),
        _f("brand", required=True, choices=choices.TrainingBrand),
        _f("skill"),
        _f("provider"),
        _f("place"),
        _f("division", "ref:division", True),
        _f("start_date", "date", True),
        _f("end_date", "date"),
        _f("funding", "money"),
        _f("funding_source", choices=choices.FundingSource, default=""),
    ),
    "trainees": (
        _f("course", "ref:course", True),
        _f("member", "ref:member", True),
        _f("completed", "bool", default=False),
        _f("certificate_number"),
    ),
    "job_fairs": (
        _f("name", required=True),
        _f("brand", required=True, choices=choices.FairBrand),
        _f("date", "date", True),
        _f("place"),
        _f("division", "ref:division", True),
        _f("employers", "int", default=0),
        _f("posts", "int", default=0),
        _f("attendance", "int", default=0),
    ),
    "placements": (
        _f("member", "ref:member", True),
        _f("employer", required=True),
        _f("destination", required=True, choices=choices.Destination),
        _f("job_kind", required=True, choices=choices.JobKind),
        _f("start_date", "date", True),
        _f("end_date", "date"),
        _f("monthly_wage", "money"),
    ),
    "subsidies": (
        _f("member", "ref:member", True),
        _f("kind", required=True, choices=choices.SubsidyKind),
        _f("amount", "money", True),
        _f("date", "date", True),
    ),
    "producers": (
        _f("code", required=True),
        _f("name", required=True),
        _f("kind", required=True, choices=choices.ProducerKind),
        _f("village", "ref:village", True),
    ),
    "products": (
        _f("producer", "ref:producer", True),
        _f("name", required=True),
        _f("category", required=True, choices=choices.ProductCategory),
        _f("certificate_number", required=True),
        _f("certified_date", "date", True),
        _f("valid_until", "date"),
    ),
    "sales": (
        _f("product", "ref:product", True),
        _f("channel", required=True, choices=choices.Channel),
        _f("buyer_type", required=True, choices=choices.BuyerType),
        _f("buyer"),
        _f("amount", "money", True),
        _f("date", "date", True),
    ),
    "benefit_links": (
        _f("producer", "ref:producer", True),
        _f("household", "ref:household", True),
        _f("mechanism", required=True, choices=choices.Mechanism),
        _f("start_year", "year", True),
    ),
}


def _trainee(row: dict) -> list[tuple[str, str]]:
    if row["certificate_number"] and not row["completed"]:
        return [
            (
                "certificate_number",
                str(_("A certificate is given only to a trainee who completed the course.")),
            )
        ]
    return []


def _product(row: dict) -> list[tuple[str, str]]:
    return _period(row, "certified_date", "valid_until")


def _sales_after_certification(loader) -> None:
    """A sale is not dated before its product was certified (the product in this load or the database)."""
    stored = loader.keys.get("product")
    new = {row["certificate_number"]: row["certified_date"] for row in loader.rows["products"]}
    message = _("A sale cannot be dated before the product was certified.")
    for index, row in enumerate(loader.rows["sales"]):
        if is_empty(row["product"]) or not row["date"] or not hasattr(row["date"], "year"):
            continue
        certified = new.get(row["product"]) or (stored.get(row["product"]) or (None, None))[1]
        if certified is not None and hasattr(certified, "year") and row["date"] < certified:
            loader.problem("sales", index, "date", message)


def _member_id(loader, key):
    return loader._id("member", key.upper() if isinstance(key, str) else key)


def _builders() -> dict:
    def courses(loader):
        fields = ("code", "name", "brand", "skill", "provider", "place", "division_id", "start_date", "end_date",
                  "funding", "funding_source")  # fmt: skip
        return TrainingCourse, fields, lambda r: (
            r["code"], r["name"], r["brand"], r["skill"], r["provider"], r["place"],
            loader._id("division", r["division"]), r["start_date"], r["end_date"], r["funding"], r["funding_source"],
        )  # fmt: skip

    def trainees(loader):
        return Trainee, ("course_id", "member_id", "completed", "certificate_number"), lambda r: (
            loader._id("course", r["course"]), _member_id(loader, r["member"]), bool(r["completed"]),
            r["certificate_number"],
        )  # fmt: skip

    def job_fairs(loader):
        fields = ("name", "brand", "date", "place", "division_id", "employers", "posts", "attendance")
        return JobFair, fields, lambda r: (
            r["name"], r["brand"], r["date"], r["place"], loader._id("division", r["division"]), r["employers"],
            r["posts"], r["attendance"],
        )  # fmt: skip

    def placements(loader):
        fields = (
            "member_id",
            "employer",
            "destination",
            "job_kind",
            "start_date",
            "end_date",
            "monthly_wage",
        )
        return Placement, fields, lambda r: (
            _member_id(loader, r["member"]), r["employer"], r["destination"], r["job_kind"], r["start_date"],
            r["end_date"], r["monthly_wage"],
        )  # fmt: skip

    def subsidies(loader):
        return Subsidy, ("member_id", "kind", "amount", "date"), lambda r: (
            _member_id(loader, r["member"]), r["kind"], r["amount"], r["date"]
        )  # fmt: skip

    def producers(loader):
        return Producer, ("code", "name", "kind", "village_id"), lambda r: (
            r["code"], r["name"], r["kind"], loader._id("village", r["village"])
        )  # fmt: skip

    def products(loader):
        fields = ("producer_id", "name", "category", "certificate_number", "certified_date", "valid_until")
        return Product, fields, lambda r: (
            loader._id("producer", r["producer"]), r["name"], r["category"], r["certificate_number"],
            r["certified_date"], r["valid_until"],
        )  # fmt: skip

    def sales(loader):
        fields = ("product_id", "channel", "buyer_type", "buyer", "amount", "date")
        return Sale, fields, lambda r: (
            loader._id("product", r["product"]), r["channel"], r["buyer_type"], r["buyer"], r["amount"], r["date"]
        )  # fmt: skip

    def benefit_links(loader):
        return BenefitLink, ("household_id", "producer_id", "mechanism", "start_year"), lambda r: (
            loader._id("household", r["household"]), loader._id("producer", r["producer"]), r["mechanism"],
            r["start_year"],
        )  # fmt: skip

    return {name: function for name, function in locals().items() if name in ENTITIES}


def _products() -> dict:
    values = Product.objects.values_list("certificate_number", "pk", "certified_date")
    return {code: (pk, certified) for code, pk, certified in values}


EXTENSION = Extension(
    entities=ENTITIES,
    sheets=SHEETS,
    key_loaders={
        "course": lambda: dict(TrainingCourse.objects.values_list("code", "pk")),
        "member": lambda: dict(Member.objects.values_list("id_number", "pk")),
        "producer": lambda: dict(Producer.objects.values_list("code", "pk")),
        "product": _products,
    },
    key_messages={
        "course": _("No training course with this code"),
        "member": _("No member of the register with this ID number"),
        "producer": _("No producer with this code"),
        "product": _("No certified product with this certificate number"),
    },
    new_keys={
        "courses": ("course", "code"),
        "producers": ("producer", "code"),
        "products": ("product", "certificate_number"),
    },
    refresh={"courses": ("course",), "producers": ("producer",), "products": ("product",)},
    unique={
        "trainees": (
            ("course", "member"),
            lambda: Trainee.objects.values_list("course__code", "member__id_number"),
        ),
        "benefit_links": (
            ("household", "producer", "mechanism"),
            lambda: BenefitLink.objects.values_list("household__code", "producer__code", "mechanism"),
        ),
    },
    builders=_builders(),
    row_checks={"courses": _period, "placements": _period, "products": _product, "trainees": _trainee},
    checks=(_sales_after_certification,),
)
