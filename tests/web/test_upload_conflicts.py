"""No existence oracle (issue 12 item 3): an ID number registered outside the uploader's area is told, but each
disclosure is logged like an unmask, rate-limited per user, and listed for the officers of the other area."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.accounts.models import Role
from bangfu.core.models import BackgroundJob, PersonalDataAccess
from bangfu.registry.models import ImportConflict, Member
from tests import factories
from tests.registry.importing.builders import HEAD_1, valid_rows, write_workbook
from tests.web.test_upload import upload, upload_users

URL_LOG = "/access-log/"
TOLD = "该证件号码已登记在您管辖范围（海丰县）以外的户中"


@pytest.fixture
def users(divisions):
    """The same accounts as tests/web/test_upload.py."""
    return upload_users()


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"


@pytest.fixture
def registered_elsewhere(users):
    """A member of the file (HEAD_1) registered in a household of 陆丰市 (441581)."""
    village = factories.village("441581102203", name="东尾村")
    household = factories.household(village, "4415811022030009")
    head = Member.objects.get(household=household, relation="户主")
    head.id_number = HEAD_1
    head.save()
    return household


def check(client, tmp_path, name="台账.xlsx"):
    path = write_workbook(tmp_path / name, valid_rows())
    response = upload(client, SimpleUploadedFile(name, path.read_bytes()))
    return BackgroundJob.objects.filter(kind="register_check").latest("pk"), client.get(response.url)


def test_a_disclosure_is_logged_and_recorded_as_a_conflict(client, users, registered_elsewhere, tmp_path):
    client.force_login(users["haifeng"])
    _, page = check(client, tmp_path)
    assert TOLD in page.content.decode()
    log = PersonalDataAccess.objects.get(purpose="import_conflict")
    assert log.username == "haifeng" and log.records >= 1 and "台账.xlsx" in log.detail
    assert HEAD_1 not in log.detail and HEAD_1[:6] in log.detail  # masked
    conflict = ImportConflict.objects.get(
        household=registered_elsewhere, id_number_masked__endswith=HEAD_1[-4:]
    )
    assert conflict.uploaded_by_name == "haifeng" and conflict.disclosed and not conflict.resolved
    assert HEAD_1 not in conflict.id_number_masked and conflict.uploader_area == "海丰县"
    # checking again counts again; the conflict is the same one, seen twice
    check(client, tmp_path, "again.xlsx")
    assert PersonalDataAccess.objects.filter(purpose="import_conflict").count() == 2
    assert ImportConflict.objects.get(pk=conflict.pk).times == 2


def test_over_the_limit_the_check_stops_telling_and_says_why(
    client, users, registered_elsewhere, tmp_path, settings
):
    settings.BANGFU_IMPORT_CONFLICT_LIMIT = 1
    client.force_login(users["haifeng"])
    _, first = check(client, tmp_path)
    assert first.content.decode().count(TOLD) == 1
    job, second = check(client, tmp_path, "again.xlsx")
    text = second.content.decode()
    assert TOLD not in text and "已达上限（1 条" in text and job.result["ok"] is False
    withheld = PersonalDataAccess.objects.filter(purpose="import_conflict", records=0)
    assert withheld.count() == 1 and "withheld" in withheld.get().detail
    # another officer has their own allowance
    factories.account("haifeng2", Role.OFFICER, divisions=["441521000000"])
    client.force_login(users["haifeng"].__class__.objects.get(username="haifeng2"))
    _, third = check(client, tmp_path, "third.xlsx")
    assert TOLD in third.content.decode()


def test_the_conflict_is_listed_for_the_other_area_and_administrators_only(
    client, users, registered_elsewhere, tmp_path
):
    client.force_login(users["haifeng"])
    check(client, tmp_path)
    conflict = ImportConflict.objects.first()
    assert client.get("/register/upload/conflicts/").content.decode().count(conflict.id_number_masked) == 0
    assert client.post(f"/register/upload/conflicts/{conflict.pk}/resolve/").status_code == 404
    assert not ImportConflict.objects.get(pk=conflict.pk).resolved  # not in haifeng's area: refused
    for name in ("lufeng", "admin"):
        client.force_login(users[name])
        page = client.get("/register/upload/conflicts/").content.decode()
        assert conflict.id_number_masked in page and "4415811022030009" in page and "haifeng" in page
        assert "待处理的证件号码冲突" in client.get("/register/upload/").content.decode()
    client.force_login(users["cadre"])
    assert client.get("/register/upload/conflicts/").status_code == 403
    client.force_login(users["lufeng"])
    client.post(f"/register/upload/conflicts/{conflict.pk}/resolve/")
    resolved = ImportConflict.objects.get(pk=conflict.pk)
    assert resolved.resolved and resolved.resolved_by == users["lufeng"]
    assert conflict.id_number_masked not in client.get("/register/upload/conflicts/").content.decode()
    assert conflict.id_number_masked in client.get("/register/upload/conflicts/?resolved=1").content.decode()


def test_the_access_log_page_names_the_purpose(client, users, registered_elsewhere, tmp_path):
    client.force_login(users["haifeng"])
    check(client, tmp_path)
    client.force_login(users["admin"])
    page = client.get(URL_LOG).content.decode()
    assert "导入：证件号码已在别处登记" in page and "haifeng" in page
