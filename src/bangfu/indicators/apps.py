from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "bangfu.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from bangfu.indicators import receivers  # noqa: F401  (figures follow the register and exit runs)
