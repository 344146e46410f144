"""Two disbursements recorded at once cannot together exceed the allocation (PostgreSQL, threads)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from bangfu.core.errors import ApplicationError
from bangfu.projects import services
from bangfu.projects.models import FundFlow
from tests.programme import records

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers itself (IMMEDIATE transactions)"
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_are_checked_one_after_the_other(divisions):
    from tests import factories

    programme = records.programme()
    project = records.project(programme, factories.village())
    kw = {"programme": programme, "project": project, "source": "帮扶方财政", "year": 2017}
    services.fund_flow_record(kind="下达", amount=Decimal(100), **kw)
    barrier, outcomes = threading.Barrier(2), []

    def disburse():
        try:
            barrier.wait()
            services.fund_flow_record(kind="拨付", amount=Decimal(60), **kw)
            outcomes.append("recorded")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=disburse) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "refused"]
    assert FundFlow.objects.filter(kind="拨付").count() == 1
