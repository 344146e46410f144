"""Employment and consumption pages: /markets/ (overview and forms), one list and one export per record kind."""

from django.urls import path

from bangfu.web.views import markets, markets_lists

urlpatterns = [
    path("", markets.markets_overview, name="markets-overview"),
    *(
        path(f"{name}/new/", markets.record_new, {"name": name}, name=f"markets-{name}-new")
        for name in markets.RECORDERS
    ),
]
for slug in markets_lists.LISTS:
    urlpatterns += [
        path(f"{slug}/", markets_lists.markets_list, {"slug": slug}, name=f"markets-{slug}"),
        path(
            f"{slug}/export.xlsx", markets_lists.markets_export, {"slug": slug}, name=f"markets-{slug}-export"
        ),
    ]
