from django.urls import path

from awards import views

app_name = "awards"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/nominate/", views.NominationCreate.as_view(), name="nominate"),
    path("<int:pk>/announce/", views.RoundAnnounce.as_view(), name="announce"),
    path("nominations/<int:pk>/grade/", views.NominationGrade.as_view(), name="grade"),
    path(
        "nominations/<int:pk>/outcomes/",
        views.NominationOutcomes.as_view(),
        name="nomination_outcomes",
    ),
    path(
        "nominations/<int:pk>/evidence/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("visits/<int:pk>/link/", views.NominationLinkVisit.as_view(), name="link_visit"),
    path("visit-rewards/", views.visit_rewards_latest, name="visit_rewards_latest"),
    path("visit-rewards/<int:pk>/", views.VisitRewards.as_view(), name="visit_rewards"),
    path("import/", views.PastWinnersImport.as_view(), name="import"),
    path("my-points/", views.my_points, name="my_points"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/<int:pk>/verify/", views.OutcomeVerify.as_view(), name="verify"),
    path("outcomes.xlsx", views.outcomes_export, name="outcomes_export"),
]
