"""Register upload in the browser: check in the background, preview errors or changes, confirm, import."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.accounts.models import Role
from bangfu.core.models import BackgroundJob
from bangfu.registry.models import Household, ImportRecord, Member, Village
from tests import factories
from tests.registry.importing.builders import H1, HEAD_1, valid_rows, write_folder, write_workbook, write_zip

PASSWORD = "pw-Bangfu-2020"


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"


@pytest.fixture
def users(divisions):
    return upload_users()


def upload_users() -> dict:
    factories.village("441521102201", name="东村")  # the cadre's village
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "lufeng": factories.account("lufeng", Role.OFFICER, divisions=["441581000000"]),
        "cadre": factories.account("cadre", Role.CADRE, villages=["441521102201"]),
        "inspector": factories.account("inspector", Role.INSPECTOR, divisions=["441521000000"]),
        "nobody": get_user_model().objects.create_user("nobody", password=PASSWORD),
    }


def workbook(tmp_path, rows=None, name="台账.xlsx"):
    path = write_workbook(tmp_path / name, rows or valid_rows())
    return SimpleUploadedFile(name, path.read_bytes())


def upload(client, *files):
    response = client.post("/register/upload/", {"file": list(files)})
    assert response.status_code == 302, response
    return response


def register_state():
    return (
        Village.objects.count(),
        Household.objects.count(),
        Member.objects.count(),
        ImportRecord.objects.count(),
    )


def test_upload_check_preview_confirm_and_import(client, users, tmp_path, settings):
    client.force_login(users["haifeng"])
    before = register_state()
    response = upload(client, workbook(tmp_path))
    job = BackgroundJob.objects.get()
    assert response.url == f"/register/upload/{job.pk}/"
    assert job.kind == "register_check" and job.status == "succeeded" and job.result["ok"] is True
    stored = list((settings.BANGFU_HOME / "uploads" / job.parameters["upload"]).iterdir())
    assert {path.name for path in stored} >= {"register.xlsx", "issues.json"}
    preview = client.get(response.url).content.decode()
    assert "文件没有错误" in preview and 'id="confirm-import"' in preview
    assert '<td class="num">3</td>' in preview  # three villages would be added
    assert register_state() == before  # nothing written before confirming

    confirmed = client.post(f"/register/upload/{job.pk}/confirm/")
    imported = BackgroundJob.objects.get(kind="register_import")
    assert confirmed.url == f"/register/upload/{imported.pk}/"
    assert imported.status == "succeeded", imported.message
    assert Household.objects.filter(code=H1).exists() and ImportRecord.objects.count() == 1
    page = client.get(confirmed.url).content.decode()
    assert "导入已写入档案库" in page
    # confirming twice does not import twice
    assert client.post(f"/register/upload/{job.pk}/confirm/").url == confirmed.url
    assert BackgroundJob.objects.filter(kind="register_import").count() == 1


def test_a_file_with_errors_lists_them_in_chinese_and_writes_nothing(client, users, tmp_path):
    rows = valid_rows()
    rows["户"][0]["贫困户属性"] = "富裕户"
    rows["成员"][1]["证件号码"] = "441521196807092"
    client.force_login(users["haifeng"])
    before = register_state()
    response = upload(client, workbook(tmp_path, rows))
    job = BackgroundJob.objects.get()
    assert job.status == "succeeded" and job.result["ok"] is False and job.result["errors"] >= 2
    page = client.get(response.url).content.decode()
    assert "未写入任何数据" in page and "confirm-import" not in page
    assert '<td>户</td><td class="num">2</td><td>贫困户属性</td><td>富裕户</td>' in page
    assert "应为以下之一" in page and '<td>成员</td><td class="num">3</td><td>证件号码</td>' in page
    refused = client.post(f"/register/upload/{job.pk}/confirm/")
    assert refused.status_code == 302 and not BackgroundJob.objects.filter(kind="register_import").exists()
    assert register_state() == before
    report = client.get(f"/register/upload/{job.pk}/report.xlsx")
    assert report.status_code == 200 and report["Content-Disposition"].startswith("attachment")


def test_an_officer_cannot_import_outside_their_area(client, users, tmp_path):
    client.force_login(users["lufeng"])  # 陆丰市; the file is of 海丰县
    before = register_state()
    response = upload(client, workbook(tmp_path))
    job = BackgroundJob.objects.get()
    assert job.result["ok"] is False
    page = client.get(response.url).content.decode()
    assert "不在您的管辖范围（陆丰市）内" in page
    assert '<td>村</td><td class="num">2</td><td>行政区划代码</td>' in page
    assert register_state() == before


def test_an_officer_cannot_move_households_or_members_of_another_area(client, users, tmp_path):
    elsewhere = factories.village("441581102203", name="东尾村")
    factories.household(elsewhere, H1)  # the file's first household, registered in 陆丰市
    other = factories.household(elsewhere, "4415811022030009")
    Member.objects.filter(household=other, relation="户主").update(id_number=HEAD_1)  # a member of the file
    client.force_login(users["haifeng"])
    before = register_state()
    response = upload(client, workbook(tmp_path))
    page = client.get(response.url).content.decode()
    assert f"户编号 {H1} 已登记在您管辖范围（海丰县）以外的村" in page
    assert "该证件号码已登记在您管辖范围（海丰县）以外的户中" in page
    assert register_state() == before


def test_an_administrator_imports_a_zip_of_csv_files(client, users, tmp_path):
    path = write_zip(tmp_path / "register.zip", valid_rows())
    client.force_login(users["admin"])
    upload(client, SimpleUploadedFile("register.zip", path.read_bytes()))
    job = BackgroundJob.objects.get()
    assert job.result["ok"] is True
    client.post(f"/register/upload/{job.pk}/confirm/")
    assert Household.objects.filter(code=H1).exists()


def test_the_csv_files_themselves_can_be_uploaded_together(client, users, tmp_path):
    folder = write_folder(tmp_path / "csv", valid_rows())
    files = [SimpleUploadedFile(path.name, path.read_bytes()) for path in sorted(folder.iterdir())]
    client.force_login(users["haifeng"])
    upload(client, *files)
    assert BackgroundJob.objects.get().result["ok"] is True


def test_an_unreadable_workbook_is_one_located_error(client, users):
    client.force_login(users["haifeng"])
    response = upload(client, SimpleUploadedFile("bad.xlsx", b"not a workbook"))
    assert BackgroundJob.objects.get().result["errors"] == 1
    assert "无法读取工作簿" in client.get(response.url).content.decode()


def test_other_file_types_are_refused_at_once(client, users):
    client.force_login(users["haifeng"])
    response = client.post("/register/upload/", {"file": SimpleUploadedFile("register.txt", b"x")})
    assert response.status_code == 302 and response.url == "/register/upload/"
    assert not BackgroundJob.objects.exists()
    assert "请上传一个 .xlsx 工作簿" in client.get("/register/upload/").content.decode()


@pytest.mark.parametrize("role", ["inspector", "cadre", "nobody"])
def test_read_only_roles_may_not_upload(client, users, tmp_path, role):
    client.force_login(users["haifeng"])
    upload(client, workbook(tmp_path))
    job = BackgroundJob.objects.get()
    client.force_login(users[role])
    assert client.get("/register/upload/").status_code == 403
    assert client.post("/register/upload/", {"file": workbook(tmp_path)}).status_code == 403
    assert client.get(f"/register/upload/{job.pk}/").status_code == 403
    assert client.post(f"/register/upload/{job.pk}/confirm/").status_code == 403
    assert "/register/upload/" not in client.get("/assessments/").content.decode()  # no menu entry
    assert BackgroundJob.objects.count() == 1


def test_another_officers_upload_is_not_shown(client, users, tmp_path):
    client.force_login(users["haifeng"])
    upload(client, workbook(tmp_path))
    job = BackgroundJob.objects.get()
    client.force_login(users["lufeng"])
    assert client.get(f"/register/upload/{job.pk}/").status_code == 404
    assert client.post(f"/register/upload/{job.pk}/confirm/").status_code == 404
    assert client.get(f"/register/upload/{job.pk}/report.xlsx").status_code == 404
