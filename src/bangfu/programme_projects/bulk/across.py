"""Stage 3 of a bulk load (``bulk.load``): checks across records, on the database as it now is.

After the insert, by aggregate queries: overlapping pairings and cadre postings (the conditions of
``programme.overlaps``, the services' own), and funds (Σ disbursed ≤ Σ allocated, Σ spent ≤ Σ disbursed per
project and programme-year, ``projects.selectors.fund_overruns``). Each problem is located at the first row of
the load it concerns.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from bangfu.programme.choices import CadreRole
from bangfu.programme.models import CadreAssignment, Pairing
from bangfu.programme.overlaps import (
    PERIOD_STOP,
    first_secretary_postings,
    period_overlaps,
    same_pairing,
    same_post,
)
from bangfu.projects.choices import FundKind
from bangfu.projects.selectors import fund_overruns


class AcrossRecords:
    """The loader's stage 3 (mixed into ``bulk.load._Loader``, whose rows, keys and problems it uses)."""

    # Stage 3: across records --------------------------------------------------------------------------------

    def check_across(self) -> None:
        self._check_pairing_overlaps()
        self._check_assignment_overlaps()
        self._check_funds()

    def _check_pairing_overlaps(self) -> None:
        if not self.rows["pairings"]:
            return
        same = same_pairing(unit=OuterRef("unit"), village=OuterRef("village"))
        clashes = overlapping_new(Pairing, self.max_pk[Pairing], same)
        index_of = {
            (self._id("unit", r["unit"]), self._id("village", r["village"]), r["start_date"]): i
            for i, r in enumerate(self.rows["pairings"])
        }
        message = _("The same unit and village are already paired in an overlapping period.")
        for unit_id, village_id, start in clashes.values_list("unit_id", "village_id", "start_date"):
            self.problem("pairings", index_of.get((unit_id, village_id, start)), "start_date", message, start)

    def _check_assignment_overlaps(self) -> None:
        if not self.rows["assignments"]:
            return
        index_of = {
            (self._id("cadre", r["cadre"]), r["role"], r["start_date"]): i
            for i, r in enumerate(self.rows["assignments"])
        }
        message = _("Another assignment in the same role and place overlaps this one in time.")
        for place in ("village", "household", "division"):
            same = same_post(
                role=OuterRef("role"), place_field=place, place=OuterRef(place), cadre=OuterRef("cadre")
            )
            clashes = overlapping_new(
                CadreAssignment, self.max_pk[CadreAssignment], same, **{f"{place}__isnull": False}
            )
            for cadre_id, role, start in clashes.values_list("cadre_id", "role", "start_date"):
                self.problem(
                    "assignments", index_of.get((cadre_id, role, start)), "start_date", message, start
                )
        # One cadre, one first-secretary posting at a time, whatever the village.
        message = _("This cadre is already first secretary of another village in an overlapping period.")
        same_cadre = first_secretary_postings(cadre=OuterRef("cadre"))
        clashes = overlapping_new(
            CadreAssignment, self.max_pk[CadreAssignment], same_cadre, role=CadreRole.FIRST_SECRETARY
        )
        for cadre_id, role, start in clashes.values_list("cadre_id", "role", "start_date"):
            self.problem("assignments", index_of.get((cadre_id, role, start)), "cadre", message, start)

    def _check_funds(self) -> None:
        if not self.rows["fund_flows"]:
            return
        codes = {pk: code for code, (pk, *_rest) in self.keys.get("project").items()}
        for overrun in fund_overruns(programme_ids=[self.programme.pk]):
            if overrun.scope == "project":
                code = codes.get(overrun.key)
                scope = _("project %(code)s") % {"code": code}
                index = self._first_flow(lambda r, code=code: r["project"] == code, overrun)
            else:
                year = overrun.key[1]
                scope = _("programme year %(year)s") % {"year": year}
                index = self._first_flow(lambda r, year=year: r["year"] == year, overrun)
            self.problem("fund_flows", index, "amount", fund_message(scope, overrun))

    def _first_flow(self, matches, overrun) -> int | None:
        kind = FundKind.DISBURSEMENT if overrun.over_disbursed else FundKind.EXPENDITURE
        for index, row in enumerate(self.rows["fund_flows"]):
            if row["kind"] == kind and matches(row):
                return index
        return None


def overlapping_new(model, max_pk: int, same: Q, **only):
    """Rows added by this load (pk > ``max_pk``) whose period overlaps another row matching ``same``
    (``programme.overlaps``: the services ask the same of one record)."""
    others = model.objects.filter(same, period_overlaps(OuterRef("start_date"), OuterRef("stop"))).exclude(
        pk=OuterRef("pk")
    )
    return (
        model.objects.annotate(stop=PERIOD_STOP)
        .filter(pk__gt=max_pk, **only)
        .filter(Exists(others))
        .order_by("pk")
    )


def fund_message(scope: str, overrun) -> str:
    values = {
        "scope": scope,
        "allocated": f"{overrun.allocated:,.2f}",
        "disbursed": f"{overrun.disbursed:,.2f}",
        "spent": f"{overrun.spent:,.2f}",
    }
    if overrun.over_disbursed:
        return (
            _(
                "For %(scope)s, %(disbursed)s yuan are disbursed but only %(allocated)s yuan allocated "
                "(disbursed must not exceed allocated)."
            )
            % values
        )
    return (
        _(
            "For %(scope)s, %(spent)s yuan are spent but only %(disbursed)s yuan disbursed "
            "(spent must not exceed disbursed)."
        )
        % values
    )
