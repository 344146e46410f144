"""Uploads of any size up to BANGFU_UPLOAD_MAX_MB (issue 11 item 4): real multipart requests above and below the
limit through the test client and through a real server, the stored error report, zip bombs on the web."""

from __future__ import annotations

import http.cookiejar
import os
import re
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from bangfu.core.models import BackgroundJob
from bangfu.registry.models import Household
from tests.registry.importing.bombs import xlsx_bomb, zip_bomb
from tests.registry.importing.builders import H1, valid_rows, write_workbook
from tests.web.test_upload import upload, upload_users

MB = 1 << 20


@pytest.fixture
def users(divisions):
    """The same accounts as tests/web/test_upload.py."""
    return upload_users()


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"


def padded_workbook(tmp_path: Path, megabytes: float) -> Path:
    """The valid register plus a sheet 备注 of incompressible text: a real workbook of about this size."""
    path = write_workbook(tmp_path / "台账.xlsx", valid_rows())
    workbook = load_workbook(path)
    notes = workbook.create_sheet("备注")
    for _ in range(int(megabytes * MB / 540)):
        notes.append([os.urandom(500).hex()])
    workbook.save(path)
    return path


def test_an_upload_above_2_5_mb_is_streamed_checked_and_imported(client, users, tmp_path):
    path = padded_workbook(tmp_path, 3)
    assert path.stat().st_size > 2.6 * MB
    client.force_login(users["admin"])
    upload(client, SimpleUploadedFile("台账.xlsx", path.read_bytes()))
    job = BackgroundJob.objects.get()
    assert job.status == "succeeded" and job.result["ok"] is True, job.message
    client.post(f"/register/upload/{job.pk}/confirm/")
    assert Household.objects.filter(code=H1).exists()


def test_an_upload_above_the_limit_gets_a_message_not_a_500(client, users, tmp_path, settings):
    settings.BANGFU_UPLOAD_MAX_MB = 2
    path = padded_workbook(tmp_path, 3)
    client.force_login(users["haifeng"])
    response = client.post("/register/upload/", {"file": SimpleUploadedFile("台账.xlsx", path.read_bytes())})
    assert response.status_code == 302 and response.url == "/register/upload/"
    page = client.get(response.url).content.decode()
    assert "文件超过上传上限 2 MB（BANGFU_UPLOAD_MAX_MB），未保存" in page
    assert not BackgroundJob.objects.exists()
    uploads = Path(settings.BANGFU_HOME) / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())  # nothing kept


def test_several_csv_files_count_together_against_the_limit(client, users, settings):
    settings.BANGFU_UPLOAD_MAX_MB = 1
    files = [SimpleUploadedFile(f"{name}.csv", os.urandom(600 * 1024)) for name in ("村", "户")]
    client.force_login(users["haifeng"])
    response = client.post("/register/upload/", {"file": files})
    assert response.url == "/register/upload/"
    assert "文件超过上传上限 1 MB" in client.get(response.url).content.decode()


@pytest.mark.parametrize("kind", ["xlsx", "zip"])
def test_a_zip_bomb_is_refused_on_the_web_with_the_message(client, users, tmp_path, kind):
    path = (xlsx_bomb if kind == "xlsx" else zip_bomb)(tmp_path / f"bomb.{kind}", 300)
    client.force_login(users["haifeng"])
    response = upload(client, SimpleUploadedFile(path.name, path.read_bytes()))
    job = BackgroundJob.objects.get()
    assert job.result == {"ok": False, "errors": 1, "warnings": 0, "rows": {}}
    assert "疑为“压缩炸弹”，不予读取" in client.get(response.url).content.decode()


def test_the_error_report_is_built_once_with_the_check(client, users, tmp_path, monkeypatch, settings):
    settings.BANGFU_IMPORT_ERROR_LIMIT = 5
    rows = valid_rows()
    rows["成员"] += [rows["成员"][2] | {"务工月数": "很多", "证件号码": ""} for _ in range(20)]
    client.force_login(users["haifeng"])
    response = upload(
        client, SimpleUploadedFile("x.xlsx", write_workbook(tmp_path / "x.xlsx", rows).read_bytes())
    )
    job = BackgroundJob.objects.get()
    assert job.result["errors"] == 40  # every error counted, 5 listed
    page = client.get(response.url).content.decode()
    assert page.count("条同类错误") == 2
    import bangfu.registry.importing.tasks as view

    monkeypatch.setattr(view, "report_write", lambda *a, **k: pytest.fail("rebuilt on download"))
    stored = Path(settings.BANGFU_HOME) / "uploads" / job.parameters["upload"]
    for suffix in ("xlsx", "txt"):
        download = client.get(f"/register/upload/{job.pk}/report.{suffix}")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == (stored / f"issues.{suffix}").read_bytes()
    text = (stored / "issues.txt").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 5 + 2  # 5 errors, then one count line per kind


def _post_multipart(opener, url: str, fields: dict, file_name: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=b"".join(parts), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    return opener.open(request)


@pytest.mark.parametrize("limit_mb, expected", [(100, "upload-job"), (2, "too large")])
def test_a_real_server_takes_uploads_above_2_5_mb(live_server, users, tmp_path, settings, limit_mb, expected):
    """Through a real HTTP server (the 500 of issue 11 happened only there: the temporary file was gone)."""
    settings.BANGFU_UPLOAD_MAX_MB = limit_mb
    path = padded_workbook(tmp_path, 3)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(f"{live_server.url}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    data = urllib.parse.urlencode(
        {"username": "boss", "password": "pw-Bangfu-2020", "csrfmiddlewaretoken": token}
    )
    opener.open(f"{live_server.url}/login/", data=data.encode())
    form = opener.open(f"{live_server.url}/register/upload/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = _post_multipart(
        opener,
        f"{live_server.url}/register/upload/",
        {"csrfmiddlewaretoken": token},
        "台账.xlsx",
        path.read_bytes(),
    )
    assert response.status == 200  # after the redirect
    page = response.read().decode()
    if expected == "upload-job":
        job = BackgroundJob.objects.get()
        assert response.url.endswith(f"/register/upload/{job.pk}/") and job.result["ok"] is True
    else:
        assert response.url.endswith("/register/upload/") and "文件超过上传上限 2 MB" in page
        assert not BackgroundJob.objects.exists()


@pytest.mark.slow
def test_a_demo_sized_workbook_uploads_checks_clean_and_imports(client, users, tmp_path):
    """A generated register of 17,000 households as one workbook (≈ 12 MB, like the demo's full export).

    On the default install (SQLite), as users run it. On PostgreSQL the import of this file inside the test's
    transaction takes over ten minutes (each batch's look-up of existing incomes is planned without
    statistics for the rows the transaction just wrote): a known gap, see docs/performance.md."""
    if connection.vendor != "sqlite":
        pytest.skip("the demo-sized upload runs on the default install (SQLite); see the docstring")
    from bangfu.demo.generator import generate_register, scaled_profile
    from tests.registry.importing.bombs import folder_to_workbook

    generate_register(scaled_profile(17_000), tmp_path / "generated", seed=7)
    path = folder_to_workbook(tmp_path / "generated", tmp_path / "全部.xlsx")
    assert path.stat().st_size > 10 * MB
    client.force_login(users["admin"])
    upload(client, SimpleUploadedFile("全部.xlsx", path.read_bytes()))
    job = BackgroundJob.objects.get()
    assert job.status == "succeeded" and job.result["ok"] is True, (job.message, job.result)
    client.post(f"/register/upload/{job.pk}/confirm/")
    imported = BackgroundJob.objects.get(kind="register_import")
    assert imported.status == "succeeded", imported.message
    assert Household.objects.count() == 17_000
