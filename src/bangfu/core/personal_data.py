"""Personal data (ID numbers, phones): masked by default, shown only to permitted users, every disclosure logged.

Wherever Bangfu prints or writes a resident ID number or a phone number for people to read (exports, reports,
lists), it masks it with ``mask_id_number`` / ``mask_phone``. Writing them unmasked needs the permission
``core.view_personal_data`` (``personal_data_access_check``) and leaves a ``PersonalDataAccess`` row
(``personal_data_access_log``), browsable read-only in the admin.
"""

from __future__ import annotations

from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess

#: The permission that allows unmasked ID numbers and phones (``user.has_perm(PERMISSION)``).
PERMISSION = "core.view_personal_data"

MASK = "*"


def mask_id_number(id_number: str | None) -> str:
    """A resident ID number with its middle hidden: ``441521********2798`` (first 6 and last 4 shown).

    Numbers of other lengths keep the same ends when they have more than 10 characters; shorter ones are
    hidden entirely.
    """
    if not id_number:
        return ""
    if len(id_number) <= 10:
        return MASK * len(id_number)
    return f"{id_number[:6]}{MASK * (len(id_number) - 10)}{id_number[-4:]}"


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
