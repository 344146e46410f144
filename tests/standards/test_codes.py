"""The apps' Django choices are built on the Django-free code lists the rules read (``bangfu.codes``)."""

import pytest

from bangfu.codes import monitoring as monitoring_codes
from bangfu.codes import programme as programme_codes
from bangfu.codes import register as register_codes
from bangfu.monitoring import choices as monitoring_choices
from bangfu.programme import choices as programme_choices
from bangfu.registry import choices as registry_choices

PAIRS = [
    (register_codes, registry_choices, "HouseholdAttribute"),
    (register_codes, registry_choices, "PovertyCause"),
    (register_codes, registry_choices, "HousingGrade"),
    (register_codes, registry_choices, "Relation"),
    (register_codes, registry_choices, "Sex"),
    (register_codes, registry_choices, "Education"),
    (register_codes, registry_choices, "SchoolStatus"),
    (register_codes, registry_choices, "Health"),
    (register_codes, registry_choices, "LabourAbility"),
    (register_codes, registry_choices, "DropoutReason"),
    (monitoring_codes, monitoring_choices, "Category"),
    (monitoring_codes, monitoring_choices, "RiskType"),
    (monitoring_codes, monitoring_choices, "Step"),
    (monitoring_codes, monitoring_choices, "EliminationMethod"),
    (programme_codes, programme_choices, "MeasureCategory"),
    (programme_codes, programme_choices, "MeasureStatus"),
]


@pytest.mark.parametrize(("codes", "choices", "name"), PAIRS, ids=[name for _, _, name in PAIRS])
def test_choices_have_the_values_of_the_code_list(codes, choices, name):
    code_list, django_choices = getattr(codes, name), getattr(choices, name)
    assert [(item.name, item.value) for item in django_choices] == [
        (item.name, item.value) for item in code_list
    ]
    assert all(type(item.value) is str for item in django_choices)  # stored and serialised as plain text
    assert all(str(label) for _, label in django_choices.choices)  # each keeps its translatable label


def test_registered_poor_attributes_are_the_same_in_both():
    assert list(registry_choices.REGISTERED_POOR_ATTRIBUTES) == list(
        register_codes.REGISTERED_POOR_ATTRIBUTES
    )


def test_every_code_list_has_its_django_choices():
    named = {(codes.__name__, name) for codes, _, name in PAIRS}
    for codes in (register_codes, monitoring_codes, programme_codes):
        for name, value in vars(codes).items():
            if isinstance(value, type) and value.__module__ == codes.__name__:
                assert (codes.__name__, name) in named
