from django.urls import path

from reviews.views import management, reviewer

app_name = "reviews"
urlpatterns = [
    # The reviewers' pages
    path("", reviewer.queue, name="queue"),
    path("assignments/<int:pk>/", reviewer.Evaluate.as_view(), name="evaluate"),
    path(
        "ideas/<int:idea_pk>/directives/new/",
        reviewer.DirectiveCreate.as_view(),
        name="directive_create",
    ),
    path(
        "directives/<int:pk>/delete/", reviewer.DirectiveDelete.as_view(), name="directive_delete"
    ),
    path("ideas/<int:idea_pk>/panel/", reviewer.idea_panel, name="idea_panel"),
    # The planning office's pages
    path("rounds/", management.round_list, name="round_list"),
    path(
        "seasons/<int:season_pk>/rounds/new/",
        management.RoundCreate.as_view(),
        name="round_create",
    ),
    path("rounds/<int:pk>/edit/", management.RoundEdit.as_view(), name="round_edit"),
    path("rounds/<int:pk>/open/", management.RoundOpen.as_view(), name="round_open"),
    path("rounds/<int:pk>/close/", management.RoundClose.as_view(), name="round_close"),
    path("rounds/<int:pk>/publish/", management.RoundPublish.as_view(), name="publish"),
    path("rounds/<int:pk>/assignments/", management.Assignments.as_view(), name="assignments"),
    path(
        "assignments/<int:pk>/remove/",
        management.AssignmentRemove.as_view(),
        name="assignment_remove",
    ),
    path("rounds/<int:pk>/ranking/", management.ranking, name="ranking"),
    path("rounds/<int:pk>/select-top/", management.SelectTop.as_view(), name="select_top"),
    path("rounds/<int:pk>/decisions/", management.BulkDecide.as_view(), name="bulk_decide"),
    path(
        "rounds/<int:pk>/ideas/<int:idea_pk>/decision/",
        management.Decide.as_view(),
        name="decide",
    ),
]
