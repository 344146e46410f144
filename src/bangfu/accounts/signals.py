"""What makes cached scopes stale (``accounts.scope``): any change to what a scope is built from.

Profiles (role, unit) and their divisions and villages, the programme's pairings (an assisting unit's
villages), the user (active, superuser) and permissions (directly or through groups). Each change gives
``ScopeVersion`` a new token (``scope_version_bump``) in the changing transaction. Writes that bypass model
signals (the programme's bulk load) call ``scope_version_bump`` themselves.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from bangfu.accounts.models import Profile
from bangfu.accounts.scope import scope_version_bump

#: Only the sign-in's own write of ``last_login`` leaves scopes as they are.
_HARMLESS_USER_FIELDS = frozenset({"last_login"})


def _bump(sender, **kwargs) -> None:
    scope_version_bump()


def _user_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= _HARMLESS_USER_FIELDS:
        return
    scope_version_bump()


def _relation_changed(sender, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        scope_version_bump()


def connect() -> None:
    """Connect the receivers (``AccountsConfig.ready``)."""
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="scope-user-saved")
    post_delete.connect(_bump, sender=user, dispatch_uid="scope-user-deleted")
    for model in (Profile, Group, "programme.Pairing"):
        post_save.connect(_bump, sender=model, dispatch_uid=f"scope-saved-{model}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"scope-deleted-{model}")
    relations = (
        Profile.divisions.through,
        Profile.villages.through,
        user.groups.through,
        user.user_permissions.through,
        Group.permissions.through,
    )
    for through in relations:
        m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"scope-relation-{through}")
