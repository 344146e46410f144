"""API tokens expire: tokens made before this get ``created_at`` + ``API_TOKEN_DAYS`` (default 90 days)."""

import datetime

from django.conf import settings
from django.db import migrations, models


def expire_existing(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    lifetime = datetime.timedelta(days=getattr(settings, "API_TOKEN_DAYS", 90))
    for token in ApiToken.objects.filter(expires_at=None).only("id", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + lifetime)


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
