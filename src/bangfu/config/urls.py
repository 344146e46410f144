from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bangfu.web import views

admin.site.site_header = _("Bangfu administration")
admin.site.site_title = _("Bangfu")
admin.site.index_title = _("Register and programme data")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
