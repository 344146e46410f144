"""Village pages: /villages/ (list, export) and /villages/<division code>/."""

from django.urls import path

from bangfu.web.views import villages

urlpatterns = [
    path("", villages.village_list, name="village-list"),
    path("export.xlsx", villages.village_export, name="village-export"),
    path("<str:division_code>/", villages.village_detail, name="village-detail"),
    path("<str:division_code>/print/", villages.village_print, name="village-print"),
]
