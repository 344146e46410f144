"""A demo installation says so on every page (演示数据 banner): set by BANGFU_DEMO or by `bangfu demo`'s
marker in the home folder; a real installation shows no banner."""

import pytest

from bangfu.accounts.models import Role
from bangfu.demo.context_processors import demo_install_mark
from tests import factories

BANNER = 'class="demo-banner"'


@pytest.fixture
def home(settings, tmp_path):
    settings.BANGFU_HOME = tmp_path
    settings.BANGFU_DEMO = False
    return tmp_path


@pytest.mark.parametrize("path", ["/login/", "/"])
def test_no_banner_on_a_real_installation(client, divisions, home, path):
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    assert BANNER not in client.get(path, follow=True).content.decode()


@pytest.mark.parametrize("path", ["/login/", "/", "/villages/"])
def test_bangfu_demo_marks_its_home_and_every_page_shows_the_banner(client, divisions, home, path):
    demo_install_mark()
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    page = client.get(path, follow=True).content.decode()
    assert BANNER in page and "演示数据" in page


def test_the_setting_shows_the_banner_too(client, divisions, home, settings):
    settings.BANGFU_DEMO = True
    assert BANNER in client.get("/login/", follow=True).content.decode()
