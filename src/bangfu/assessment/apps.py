from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "bangfu.assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from bangfu.assessment import signals  # noqa: F401  (screening to leads after monitoring runs)
