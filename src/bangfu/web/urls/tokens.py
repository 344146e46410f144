from django.urls import path

from bangfu.web.views import tokens

urlpatterns = [
    path("", tokens.token_list, name="api-tokens"),
    path("new/", tokens.token_create, name="api-token-new"),
    path("<int:token_id>/revoke/", tokens.token_revoke, name="api-token-revoke"),
]
