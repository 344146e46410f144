from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "bangfu.registry"
    verbose_name = _("Register")

    def ready(self) -> None:
        # Imported once the models are loaded (Django's app loading): the backup's counts of the register.
        from bangfu.registry import backup  # noqa: F401
