from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language

from bangfu.web.views import pages

admin.site.site_header = _("Bangfu administration")
admin.site.site_title = _("Bangfu")
admin.site.index_title = _("Register and programme data")

urlpatterns = [
    path("", pages.home, name="home"),
    path("health/", pages.health, name="health"),
    # pages without their own <link rel="icon"> (the administration): browsers ask for /favicon.ico
    path(
        "favicon.ico", login_not_required(RedirectView.as_view(url=static("web/favicon.svg"), permanent=True))
    ),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("bangfu.api.urls")),
    path("", include("bangfu.web.urls")),
]
