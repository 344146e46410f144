"""``next`` after a POST sends the user to this site only. Before the fix, a failed "start a run" form
followed any ``next`` (``https://evil.example/``) off-site; Django's sign-in and language views are checked
too."""

import pytest

pytestmark = pytest.mark.django_db

OFF_SITE = ["https://evil.example/", "//evil.example/x", "http://evil.example", "https:evil.example"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_failed_run_start_does_not_leave_the_site(client, register, target):
    client.force_login(register.users["admin"])
    response = client.post("/assessments/start/", {"standard": "no-such-standard", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/assessments/"
    response = client.post("/assessments/start/", {"standard": "no-such-standard", "next": "/households/"})
    assert response["Location"] == "/households/"  # this site's pages are fine


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_and_language_switch_stay_on_the_site(client, register, target):
    user = register.users["officer"]
    response = client.post(
        f"/login/?next={target}", {"username": user.username, "password": "pw-Bangfu-2020"}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302 and "evil" not in response["Location"]
