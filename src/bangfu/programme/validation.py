"""Shared by the programme's and the projects' services: validate a record, turn Django's errors into ours."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.db.models import QuerySet

from bangfu.core.errors import ApplicationError
from bangfu.programme.overlaps import FAR_FUTURE, period_overlaps


def validate(instance: models.Model) -> None:
    """``full_clean()``; a ``ValidationError`` becomes an ``ApplicationError`` naming the fields."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ApplicationError(validation_text(instance, error), {"fields": error.message_dict}) from None


def validated_save(instance: models.Model) -> models.Model:
    """``full_clean()`` then ``save()``, refusing an invalid record with an ``ApplicationError``."""
    validate(instance)
    instance.save()
    return instance


def validation_text(instance: models.Model, error: ValidationError) -> str:
    """``field label: message; …`` in the active language."""
    parts = []
    for name, messages in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else str(instance._meta.get_field(name).verbose_name)
        parts.extend(f"{label}：{message}" if label else message for message in messages)
    return "；".join(parts)


def overlapping(queryset: QuerySet, start: date, end: date | None) -> QuerySet:
    """Records of ``queryset`` whose period (``start_date`` … ``end_date`` or open) meets ``start`` … ``end``
    (``programme.overlaps``, the one definition)."""
    return queryset.filter(period_overlaps(start, FAR_FUTURE if end is None else end))


def lock(queryset: QuerySet) -> None:
    """Serialise writers on these rows until the transaction ends.

    PostgreSQL: ``SELECT … FOR UPDATE``. SQLite: writers are serialised already (transactions are IMMEDIATE,
    see config/environment.py), and it has no row locks.
    """
    if connection.vendor == "postgresql":
        list(queryset.select_for_update().values_list("pk", flat=True))
