from django.urls import path

from awards import views

app_name = "awards"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("my-points/", views.my_points, name="my_points"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes.xlsx", views.outcomes_export, name="outcomes_export"),
]
