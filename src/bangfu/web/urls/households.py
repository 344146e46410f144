"""Household pages: /households/ (list) and /households/<household code>/."""

from django.urls import path

from bangfu.web.views import households, list_exports, personal_data

urlpatterns = [
    path("", households.household_list, name="household-list"),
    path("export.xlsx", list_exports.households_export, name="household-export"),
    path("<str:household_code>/", households.household_detail, name="household-detail"),
    path("<str:household_code>/print/", households.household_print, name="household-print"),
    path("<str:household_code>/unmask/<str:record>/", personal_data.unmask, name="personal-data-unmask"),
]
