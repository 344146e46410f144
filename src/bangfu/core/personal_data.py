"""Personal data (ID numbers, phones): masked by default, shown only to permitted users, every disclosure logged.

Wherever Bangfu prints or writes a resident ID number or a phone number for people to read (exports, reports,
lists), it masks it with ``mask_id_number`` / ``mask_phone``; wherever the ID number is masked, the birth date
is shown as its year only (``mask_birth_date``), because digits 7–14 of the ID number *are* the birth date
(the policy and its arithmetic: docs/personal-data.md). Writing them unmasked needs the permission
``core.view_personal_data`` (``personal_data_access_check``) and leaves a ``PersonalDataAccess`` row
(``personal_data_access_log``), browsable read-only in the admin. Unmasking on the pages is limited per user
and hour (``personal_data_rate_check``, setting ``BANGFU_UNMASK_LIMIT_PER_HOUR``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess

#: The permission that allows unmasked ID numbers and phones (``user.has_perm(PERMISSION)``).
PERMISSION = "core.view_personal_data"

MASK = "*"
#: Digits of an 18-character ID number a masked one shows: the first 6 (region) and the last 4.
ID_VISIBLE_START, ID_VISIBLE_END = 6, 4


def mask_id_number(id_number: str | None) -> str:
    """A resident ID number with its middle hidden: ``441521********2798`` (first 6 and last 4 shown).

    Numbers of other lengths keep the same ends when they have more than 10 characters; shorter ones are
    hidden entirely.
    """
    if not id_number:
        return ""
    if len(id_number) <= 10:
        return MASK * len(id_number)
    hidden = len(id_number) - ID_VISIBLE_START - ID_VISIBLE_END
    return f"{id_number[:ID_VISIBLE_START]}{MASK * hidden}{id_number[-ID_VISIBLE_END:]}"


def mask_birth_date(birth_date: date | None) -> str:
    """A birth date as its year only (``1976``): what is shown wherever the ID number is masked.

    The year, not the age: an age shown day after day changes on the birthday and so gives the date away.
    """
    return "" if birth_date is None else str(birth_date.year)


def visible_id_suffix(text: str) -> bool:
    """Whether ``text`` is a search by exactly the digits a masked ID number shows at its end (the last 4).

    Users without the unmask permission may search ID numbers by these only: a longer suffix would reveal
    hidden digits (the birth day) one query at a time.
    """
    return len(text) == ID_VISIBLE_END and (text[:-1].isdigit() and (text[-1].isdigit() or text[-1] in "Xx"))


def mask_phone(phone: str | None) -> str:
    """A phone number with its middle digits hidden.

    Mobile numbers (11 digits starting with 1) keep the first 3 and last 4 digits: ``138****5678``.
    Other numbers (landlines) keep the first 3 and last 2 digits: ``0660-3312345`` → ``066*-*****45``.
    Separators (``-``, spaces, brackets) stay where they are; numbers of 5 digits or fewer are hidden entirely.
    """
    if not phone:
        return ""
    digits = sum(character.isdigit() for character in phone)
    if digits <= 5:
        return "".join(MASK if character.isdigit() else character for character in phone)
    plain = "".join(character for character in phone if character.isdigit())
    keep_end = 4 if digits == 11 and plain.startswith("1") else 2
    masked, seen = [], 0
    for character in phone:
        if character.isdigit():
            masked.append(character if seen < 3 or seen >= digits - keep_end else MASK)
            seen += 1
        else:
            masked.append(character)
    return "".join(masked)


def personal_data_permitted(user) -> bool:
    """Whether ``user`` (an active account with ``core.view_personal_data``) may see unmasked data."""
    return user is not None and user.is_active and user.has_perm(PERMISSION)


def personal_data_access_check(user) -> None:
    """Raise ``ApplicationError`` (in Chinese) unless ``user`` may see unmasked ID numbers and phones."""
    if user is None:
        raise ApplicationError(
            "未遮蔽的证件号码和电话只提供给有“查看未遮蔽的证件号码和电话”权限的用户，请指明用户"
        )
    if not personal_data_permitted(user):
        raise ApplicationError(
            f"用户 {user.get_username()} 没有“查看未遮蔽的证件号码和电话”权限（{PERMISSION}），"
            "不能查看或导出未遮蔽的证件号码和电话",
            extra={"user": user.get_username(), "permission": PERMISSION},
        )


def personal_data_access_log(
    *, user, purpose: str, scope: str, records: int, detail: str
) -> PersonalDataAccess:
    """Record that ``user`` was shown or given ``records`` records with unmasked personal data.

    ``purpose`` says what for (e.g. ``export``), ``scope`` which part of the register (a division-code
    prefix; empty for all), ``detail`` where it went (e.g. the file written and its format).
    """
    return PersonalDataAccess.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        purpose=purpose,
        scope=scope or "",
        records=records,
        detail=detail,
    )


#: What ``personal_data_rate_check`` counts: records shown unmasked on the pages, one at a time.
RATE_LIMITED_PURPOSES = ("view",)


def personal_data_rate_check(user, *, now=None) -> None:
    """Raise ``ApplicationError`` (in Chinese) when ``user`` has unmasked ``BANGFU_UNMASK_LIMIT_PER_HOUR``
    records in the last hour: one more must wait until the oldest of them is an hour old."""
    limit = settings.BANGFU_UNMASK_LIMIT_PER_HOUR
    now = now or timezone.now()
    recent = PersonalDataAccess.objects.filter(
        user=user, purpose__in=RATE_LIMITED_PURPOSES, accessed_at__gt=now - timedelta(hours=1)
    )
    if recent.count() < limit:
        return
    oldest = recent.order_by("accessed_at").values_list("accessed_at", flat=True).first()
    wait = max(1, int(((oldest + timedelta(hours=1)) - now).total_seconds() // 60) + 1)
    raise ApplicationError(
        f"您在一小时内已查看 {limit} 条未遮蔽的证件号码或电话，达到上限；请约 {wait} 分钟后再试。"
        "如确需更多，请联系管理员",
        extra={"user": user.get_username(), "limit": limit, "wait_minutes": wait},
    )
