"""Creating accounts with a role and a scope (用户、角色与数据范围)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.models import Profile, Role
from bangfu.core.errors import ApplicationError
from bangfu.core.personal_data import PERMISSION
from bangfu.regions.models import Division


@transaction.atomic
def user_create_or_update(
    *,
    username: str,
    password: str | None,
    role: str,
    division_codes: Iterable[str] = (),
    villages: Iterable = (),
    may_view_personal_data: bool = False,
    assisting_unit=None,
    cadre=None,
):
    """Create (or update) the account ``username`` with this role and scope; ``password=None`` keeps it.

    ``villages`` are the register's ``Village`` records a village cadre serves: the caller, which reads the
    register, finds them (the register sits above accounts, so accounts does not look villages up itself).
    """
    if role not in Role.values:
        raise ApplicationError(_("Unknown role %(role)s.") % {"role": role})
    division_codes, villages = list(division_codes), list(villages)
    divisions = list(Division.objects.filter(code__in=division_codes))
    missing = sorted(set(division_codes) - {d.code for d in divisions})
    if missing:
        raise ApplicationError(
            _("No division or village with the code %(codes)s.") % {"codes": "、".join(missing)}
        )
    if role in {Role.OFFICER, Role.INSPECTOR} and not divisions:
        raise ApplicationError(_("An officer or inspector needs at least one division."))
    if role == Role.CADRE and not villages:
        raise ApplicationError(_("A village cadre needs at least one village."))
    users = get_user_model().objects
    user = users.filter(username=username).first() or users.model(username=username)
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    if password is not None:
        user.set_password(password)
    user.save()
    profile, _created = Profile.objects.update_or_create(user=user, defaults={"role": role})
    if assisting_unit is not None or cadre is not None:
        profile.assisting_unit = assisting_unit or profile.assisting_unit
        profile.cadre = cadre or profile.cadre
        profile.save(update_fields=["assisting_unit", "cadre", "updated_at"])
    profile.divisions.set(divisions)
    profile.villages.set(villages)
    permission = Permission.objects.get(codename=PERMISSION.split(".")[1], content_type__app_label="core")
    if may_view_personal_data:
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
    return user
