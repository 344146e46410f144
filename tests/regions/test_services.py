import pytest

from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division, Level
from bangfu.regions.selectors import counties, division_subtree
from bangfu.regions.services import division_get_or_create, divisions_load_shipped


def test_shipped_divisions_are_shanwei_and_its_counties(divisions):
    names = dict(counties().values_list("code", "name"))
    assert names["441502000000"] == "城区"
    assert names["441521000000"] == "海丰县"
    assert names["441523000000"] == "陆河县"
    assert names["441581000000"] == "陆丰市"
    zones = set(counties().filter(is_functional_zone=True).values_list("name", flat=True))
    assert zones == {"红海湾经济开发试验区", "华侨管理区"}
    assert Division.objects.get(code="441521000000").parent.name == "汕尾市"


def test_loading_shipped_divisions_twice_changes_nothing(divisions):
    before = list(Division.objects.values_list("code", "path"))
    divisions_load_shipped()
    assert list(Division.objects.values_list("code", "path")) == before


def test_subtree_follows_the_materialized_path(divisions):
    haifeng = Division.objects.get(code="441521000000")
    town = division_get_or_create(code="441521101000", name="海城镇", level=Level.TOWN, parent=haifeng)
    village = division_get_or_create(code="441521101201", name="新山村", level=Level.VILLAGE, parent=town)
    assert village.path == "/440000000000/441500000000/441521000000/441521101000/441521101201/"
    assert set(division_subtree(code="441521000000").values_list("name", flat=True)) == {
        "海丰县",
        "海城镇",
        "新山村",
    }
    assert "新山村" not in division_subtree(code="441581000000").values_list("name", flat=True)


def test_a_division_code_must_have_twelve_digits(divisions):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        division_get_or_create(code="4415211", name="坏代码", level=Level.TOWN, parent=None)
    assert not Division.objects.filter(name="坏代码").exists()


def test_shipped_file_with_unknown_parent_is_refused(db, tmp_path, monkeypatch):
    from bangfu.regions import services

    class FakeFiles:
        def joinpath(self, *parts):
            return tmp_path / "bad.toml"

    (tmp_path / "bad.toml").write_text(
        '[[division]]\ncode = "441521000000"\nname = "海丰县"\nlevel = "county"\nparent = "441500000000"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(services.resources, "files", lambda package: FakeFiles())
    with pytest.raises(ApplicationError, match="441500000000"):
        divisions_load_shipped("bad.toml")
    assert not Division.objects.exists()
