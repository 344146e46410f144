"""The 403, 404 and 500 pages speak the user's language and lead back to the dashboard; the 500 page renders
without a database or a request context (the error may be the database's)."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", ("未找到", "返回首页")), ("en", ("Not found", "Back to the dashboard"))],
)
def test_404_in_the_users_language_with_a_way_back(client, divisions, language, words):
    from bangfu.accounts.models import Role

    client.force_login(factories.account("officer", Role.OFFICER, divisions=["441521000000"]))
    response = client.get("/households/4415239999999999/", headers={"accept-language": language})
    page = response.content.decode()
    assert response.status_code == 404
    assert all(word in page for word in words) and 'href="/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("zh-hans", "无权访问"), ("en", "Not allowed")])
def test_403_in_the_users_language_with_a_way_back(client, divisions, language, word):
    from bangfu.accounts.models import Role

    client.force_login(factories.account("inspector", Role.INSPECTOR, divisions=["441521000000"]))
    response = client.get("/register/upload/", headers={"accept-language": language})
    assert response.status_code == 403
    page = response.content.decode()
    assert word in page and 'href="/"' in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ("出错了", "返回首页", 'lang="zh-hans"')),
        ("en", ("Something went wrong", "Back to the dashboard")),
    ],
)
def test_500_in_the_users_language_without_database_or_request_context(language, words):
    """No ``django_db`` mark: any database query fails this test. Django's handler renders the template with
    an empty context; the language is the one the request had activated."""
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert all(word in page for word in words), page
    assert 'href="/"' in page and "Server Error (500)" not in page
