"""WSGI entry point, served by waitress in ``bangfu demo`` and ``bangfu serve``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")
application = get_wsgi_application()
