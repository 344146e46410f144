from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bangfu.accounts"
    verbose_name = _("Accounts and scope")

    def ready(self) -> None:
        from bangfu.accounts import signals  # models are ready only now

        signals.connect()
