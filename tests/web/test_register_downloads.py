"""The upload page's downloads: the empty template and the register in the import layout, by area and masked;
the register export runs as a background job (here inline) whose file only its user fetches."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bangfu.accounts.models import Role
from bangfu.core.models import BackgroundJob, PersonalDataAccess
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_jobs(settings, tmp_path):
    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"


@pytest.fixture
def register(divisions):
    haifeng = factories.village("441521101201", name="新山村")
    lufeng = factories.village("441581101201", name="陆丰村")
    factories.household(haifeng, "4415211012010001")
    factories.household(lufeng, "4415811012010001")
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"], personal_data=True),
        "plain": factories.account("plain", Role.OFFICER, divisions=["441521000000"]),
        "cadre": factories.account("cadre", Role.CADRE, villages=["441521101201"]),
    }


def cells(response) -> list[list]:
    body = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(body), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
    }


def test_the_upload_page_offers_the_template_and_the_officers_area(client, register):
    client.force_login(register["haifeng"])
    page = client.get("/register/upload/").content.decode()
    assert 'href="/register/upload/template.xlsx"' in page
    assert 'action="/register/upload/export/"' in page and 'value="441521000000"' in page and "海丰县" in page
    assert "441581000000" not in page and 'name="area" value=""' not in page  # not the whole register


def test_the_template_is_the_empty_workbook(client, register):
    client.force_login(register["plain"])
    response = client.get("/register/upload/template.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheets = cells(response)
    assert next(iter(sheets)) == "说明" and {"村", "户", "成员", "收入"} <= set(sheets)
    assert len(sheets["户"]) == 1  # the header row only


def export(client, **form):
    """Start an export, follow it to its job page; (job page response, job id)."""
    response = client.post("/register/upload/export/", form)
    assert response.status_code == 302, response.status_code
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    return client.get(response["Location"]), job_id


def test_an_officer_exports_their_area_masked(client, register):
    client.force_login(register["haifeng"])
    page, job_id = export(client, area="441521000000")
    assert f'href="/register/upload/exports/{job_id}/file/"' in page.content.decode()
    response = client.get(f"/register/upload/exports/{job_id}/file/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "%E8%84%B1%E6%95%8F" in response["Content-Disposition"]  # …-脱敏.xlsx
    households = cells(response)["户"]
    codes = [row[0] for row in households[1:]]
    assert codes == ["4415211012010001"]
    assert all("********" in str(value) for value in (households[1][households[0].index("户主证件号码")],))
    assert not PersonalDataAccess.objects.exists()
    assert client.post("/register/upload/export/", {"area": "441581000000"}).status_code == 404
    assert client.post("/register/upload/export/", {"area": ""}).status_code == 404
    assert job_id and BackgroundJob.objects.filter(kind="register_export").count() == 1
    assert f"/register/upload/exports/{job_id}/" in client.get("/register/upload/").content.decode()


def test_unmasked_only_with_the_permission_and_logged(client, register):
    client.force_login(register["plain"])
    assert client.post("/register/upload/export/", {"area": "441521000000", "unmask": "1"}).status_code == 403
    client.force_login(register["haifeng"])
    _page, job_id = export(client, area="441521000000", unmask="1")
    households = cells(client.get(f"/register/upload/exports/{job_id}/file/"))["户"]
    assert "********" not in str(households[1][households[0].index("户主证件号码")])
    assert PersonalDataAccess.objects.filter(user=register["haifeng"], purpose="export").count() == 1


def test_the_file_is_served_only_to_the_user_who_asked(client, register):
    client.force_login(register["haifeng"])
    _page, job_id = export(client, area="441521000000")
    for other in ("admin", "plain", "cadre"):
        client.force_login(register[other])
        assert client.get(f"/register/upload/exports/{job_id}/").status_code == 404
        assert client.get(f"/register/upload/exports/{job_id}/file/").status_code == 404


def test_administrators_export_everything_others_may_not(client, register):
    client.force_login(register["admin"])
    _page, job_id = export(client, area="")
    codes = [row[0] for row in cells(client.get(f"/register/upload/exports/{job_id}/file/"))["户"][1:]]
    assert codes == ["4415211012010001", "4415811012010001"]
    client.force_login(register["cadre"])
    assert client.post("/register/upload/export/").status_code == 403
    assert client.get("/register/upload/template.xlsx").status_code == 403


def test_an_export_stopped_midway_leaves_no_file_and_says_why(client, register, monkeypatch, tmp_path):
    from bangfu.core.errors import ApplicationError
    from bangfu.registry.exporting import task as background

    real = background.register_export

    def stopped(**kwargs):
        def progress(sheet, done, total):
            if sheet == "成员":
                raise ApplicationError("磁盘已满")
            kwargs["progress"](sheet, done, total)

        return real(**{**kwargs, "progress": progress})

    monkeypatch.setattr(background, "register_export", stopped)
    client.force_login(register["haifeng"])
    page, job_id = export(client, area="441521000000")
    assert 'data-status="failed"' in page.content.decode() and "磁盘已满" in page.content.decode()
    assert client.get(f"/register/upload/exports/{job_id}/file/").status_code == 404
    assert not [
        path for path in (tmp_path / "home" / "exports").rglob("*") if path.is_file()
    ]  # nothing half-written


def test_an_export_whose_server_stopped_is_interrupted_and_serves_nothing(client, register, tmp_path):
    from bangfu.core import jobs

    folder = tmp_path / "home" / "exports" / str(register["haifeng"].pk) / "abc"
    folder.mkdir(parents=True)
    (folder / ".register.xlsx.tmp").write_bytes(b"half")  # what a stopped process leaves
    job = BackgroundJob.objects.create(
        kind="register_export", user=register["haifeng"], status=BackgroundJob.Status.RUNNING,
        parameters={"area": "441521000000", "file_name": "档案-海丰县-脱敏.xlsx"}, worker=f"{jobs.HOST}:999999999:gone",
    )  # fmt: skip
    jobs.jobs_recover(force=True)
    client.force_login(register["haifeng"])
    page = client.get(f"/register/upload/exports/{job.pk}/").content.decode()
    assert 'data-status="interrupted"' in page and "export-file" not in page
    assert client.get(f"/register/upload/exports/{job.pk}/file/").status_code == 404
