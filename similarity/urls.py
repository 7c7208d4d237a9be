from django.urls import path

from similarity import views

app_name = "similarity"
urlpatterns = [
    path("seasons/<int:season_pk>/duplicates/", views.duplicate_pairs, name="duplicate_pairs"),
    path(
        "seasons/<int:season_pk>/duplicates/check/", views.PairsCheck.as_view(), name="pairs_check"
    ),
    path(
        "seasons/<int:season_pk>/duplicates/dismiss/",
        views.PairDismiss.as_view(),
        name="pair_dismiss",
    ),
]
