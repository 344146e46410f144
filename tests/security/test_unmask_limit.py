"""Unmasking is limited per user and hour (``BANGFU_UNMASK_LIMIT_PER_HOUR``), in the service, with a Chinese
message. Before the fix, a permitted user could unmask every record of the register in a loop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess
from bangfu.registry.services import personal_data_unmask

pytestmark = pytest.mark.django_db


def test_the_limit_refuses_one_more_with_a_message(client, register, settings):
    settings.BANGFU_UNMASK_LIMIT_PER_HOUR = 3
    admin, member = register.users["admin"], register.members["xinshan"]
    url = f"/households/{member.household.code}/unmask/{member.pk}/"
    client.force_login(admin)
    for _ in range(3):
        response = client.post(url)
        assert response.status_code == 200 and member.id_number in response.content.decode()
    response = client.post(url)
    text = response.content.decode()
    assert response.status_code == 429 and member.id_number not in text and "达到上限" in text
    response = client.post(url, headers={"HX-Request": "true"})  # htmx: the message swapped in
    assert response.status_code == 200 and "达到上限" in response.content.decode()
    assert PersonalDataAccess.objects.filter(user=admin).count() == 3  # refusals disclose nothing
    with pytest.raises(ApplicationError, match="一小时内"):
        personal_data_unmask(user=admin, household_code=member.household.code, record=str(member.pk))


def test_the_hour_is_a_sliding_window_per_user(register, settings):
    settings.BANGFU_UNMASK_LIMIT_PER_HOUR = 1
    admin, member = register.users["admin"], register.members["xinshan"]
    code, record = member.household.code, str(member.pk)
    assert personal_data_unmask(user=admin, household_code=code, record=record).value == member.id_number
    with pytest.raises(ApplicationError):
        personal_data_unmask(user=admin, household_code=code, record=record)
    PersonalDataAccess.objects.update(accessed_at=timezone.now() - timedelta(minutes=61))
    assert personal_data_unmask(user=admin, household_code=code, record=record).value == member.id_number
