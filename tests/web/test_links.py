"""``link`` (and ``{% link %}``) gives exactly what ``reverse`` gives, from a pattern reversed once: for plain
codes, for arguments it must quote or refuse, under a script prefix, and for URL names without arguments."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from bangfu.web.links import link

NAMES_WITH_A_CODE = ("household-detail", "village-detail", "household-print")


@pytest.mark.parametrize("name", NAMES_WITH_A_CODE)
@pytest.mark.parametrize("code", ["4415211002020037", "441521101201", "a-b_C", "空格 和/斜线", "100%", "a b"])
def test_a_link_is_what_reverse_gives(name, code):
    try:
        expected = reverse(name, args=[code])
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            link(name, code)
        return
    assert link(name, code) == expected


def test_links_follow_the_script_prefix_of_the_request():
    try:
        set_script_prefix("/bangfu/")
        assert link("household-detail", "4415211002020037") == "/bangfu/households/4415211002020037/"
        assert link("home") == reverse("home") == "/bangfu/"
    finally:
        set_script_prefix("/")
    assert link("household-detail", "4415211002020037") == "/households/4415211002020037/"


def test_a_name_that_does_not_exist_is_refused_as_by_reverse():
    with pytest.raises(NoReverseMatch):
        link("no-such-page", "1")


def test_the_template_tag_renders_the_link():
    page = Template("{% load web %}<a href=\"{% link 'village-detail' code %}\">").render(
        Context({"code": "441521101201"})
    )
    assert page == '<a href="/villages/441521101201/">'
