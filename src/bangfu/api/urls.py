"""``path("api/", include("bangfu.api.urls"))``: the API's URLs, exempt from the sign-in redirect.

``LoginRequiredMiddleware`` would send a script without a session to the sign-in page; ninja checks the
session or token itself on every route (401 without either), and ``require_auth`` guards the schema and docs.
"""

from django.contrib.auth.decorators import login_not_required

from bangfu.api.api import api

urlpatterns, _ninja, app_name = api.urls  # app_name "api": ninja's docs reverse "api:openapi-json"

for pattern in urlpatterns:
    login_not_required(pattern.callback)
