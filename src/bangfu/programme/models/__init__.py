"""The programme (对口帮扶): who helps — assisting units paired with villages, cadres posted to villages and
households, their visits, the households' plans and measures, and the programme's annual evaluations.

Projects, funds and park investment are in ``bangfu.projects``. Rules that compare one record with another
(overlapping periods) are checked by the services; rules within one record are model constraints, so the
database refuses them too.

The models are split by subject (``fields``, ``partners``, ``work``); import them from here.
"""

from bangfu.programme.models.fields import (
    MONEY,
    YEAR,
    ends_after_start,
    id_number_valid,
    id_number_validator,
    programme_history,
    uscc_validator,
)
from bangfu.programme.models.partners import AssistingUnit, Cadre, CadreAssignment, Pairing, Programme
from bangfu.programme.models.work import Evaluation, HouseholdPlan, Measure, Visit

__all__ = [
    "MONEY",
    "YEAR",
    "AssistingUnit",
    "Cadre",
    "CadreAssignment",
    "Evaluation",
    "HouseholdPlan",
    "Measure",
    "Pairing",
    "Programme",
    "Visit",
    "ends_after_start",
    "id_number_valid",
    "id_number_validator",
    "programme_history",
    "uscc_validator",
]
