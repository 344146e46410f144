from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketsConfig(AppConfig):
    name = "bangfu.markets"
    verbose_name = _("Employment and consumption")

    def ready(self) -> None:
        # The programme workbook and its bulk loader take the markets' sheets as an extension
        # (programme_projects/bulk/extension.py): programme stays below markets and never imports it.
        from bangfu.markets.bulk import EXTENSION
        from bangfu.programme_projects.bulk.extension import register

        register(EXTENSION)
