"""Scopes are kept across requests (accounts.scope), and any change to what they are built from shows on the next.

The register: tests/api/register.py (海丰县 新山村 and 东风村, 陆河县 坡平村; the unit 福田区 paired with 新山村).
"""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bangfu.accounts.models import Profile
from bangfu.accounts.services import user_create_or_update
from bangfu.programme import services as programme_services
from bangfu.programme.models import Pairing
from bangfu.regions.models import Division
from bangfu.regions.services import divisions_load_shipped
from tests.api.register import HAIFENG, LUHE, build_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    divisions_load_shipped()
    return build_register()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def villages_page(client: Client) -> str:
    response = client.get("/villages/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_cached_scope_costs_one_query_and_divisions_changed_show_on_the_next_request(register):
    client = client_of(register.users["officer"])
    assert "新山村" in villages_page(client) and "坡平村" not in villages_page(client)
    with CaptureQueriesContext(connection) as queries:
        client.get("/villages/")
    scope_reads = [
        q["sql"] for q in queries if "accounts_profile" in q["sql"] or "auth_permission" in q["sql"]
    ]
    assert scope_reads == []  # the scope came from the cache: no profile, division or permission query

    user_create_or_update(username="haifeng", password=None, role="officer", division_codes=[LUHE])
    page = villages_page(client)
    assert "坡平村" in page and "新山村" not in page

    Profile.objects.get(user__username="haifeng").divisions.add(Division.objects.get(code=HAIFENG))
    page = villages_page(client)
    assert "坡平村" in page and "新山村" in page


def test_a_new_pairing_and_its_removal_show_on_the_unit_s_next_request(register):
    client = client_of(register.users["unit"])
    assert "坡平村" not in villages_page(client)
    pairing = programme_services.pairing_create(
        programme=register.programme,
        unit=register.units["haifeng"],
        village=register.villages["luhe"],
        start_date=date(2020, 1, 1),
    )
    assert "坡平村" in villages_page(client)
    Pairing.objects.filter(pk=pairing.pk).delete()
    assert "坡平村" not in villages_page(client)


def test_a_permission_granted_or_taken_shows_on_the_next_request(register):
    officer = register.users["officer"]
    client = client_of(officer)
    household = register.households["xinshan"]
    page = client.get(f"/households/{household.code}/").content.decode()
    assert "138****5678" in page
    permission = Permission.objects.get(codename="view_personal_data")
    officer.user_permissions.add(permission)
    page = client.get(f"/households/{household.code}/").content.decode()
    assert "unmask" in page  # the button to show the number unmasked is offered now
    officer.user_permissions.remove(permission)
    page = client.get(f"/households/{household.code}/").content.decode()
    assert "unmask" not in page


def test_a_role_changed_shows_on_the_next_request(register):
    client = client_of(register.users["cadre"])
    assert "东风村" not in villages_page(client)
    user_create_or_update(username="cadre", password=None, role="officer", division_codes=[HAIFENG])
    assert "东风村" in villages_page(client)
