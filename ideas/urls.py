from django.urls import path

from ideas.views import oversight, team

app_name = "ideas"
urlpatterns = [
    # The team's pages
    path("mine/", team.team_ideas, name="team_ideas"),
    path("new/", team.IdeaCreate.as_view(), name="idea_create"),
    path("similar/", team.similar_ideas, name="similar_ideas"),
    path("exemptions/new/", team.ExemptionCreate.as_view(), name="exemption_create"),
    path("<int:pk>/", team.idea_detail, name="idea_detail"),
    path("<int:pk>/edit/", team.IdeaEdit.as_view(), name="idea_edit"),
    path("<int:pk>/autosave/", team.IdeaAutosave.as_view(), name="idea_autosave"),
    path("<int:pk>/submit/", team.IdeaSubmit.as_view(), name="idea_submit"),
    path("<int:pk>/withdraw/", team.IdeaWithdraw.as_view(), name="idea_withdraw"),
    path("<int:pk>/attachments/", team.AttachmentUpload.as_view(), name="attachment_upload"),
    path("attachments/<int:attachment_id>/", team.attachment_download, name="attachment_download"),
    path(
        "attachments/<int:attachment_id>/delete/",
        team.AttachmentDelete.as_view(),
        name="attachment_delete",
    ),
    # The planning office's and bureau directors' pages, and the library
    path("", oversight.library, name="library"),
    path("seasons/", oversight.season_list, name="season_list"),
    path("seasons/new/", oversight.SeasonCreate.as_view(), name="season_create"),
    path("seasons/<int:pk>/", oversight.season_overview, name="season_overview"),
    path("seasons/<int:pk>/edit/", oversight.SeasonEdit.as_view(), name="season_edit"),
    path(
        "seasons/<int:pk>/transition/",
        oversight.SeasonTransition.as_view(),
        name="season_transition",
    ),
    path("bureau/", oversight.bureau_overview, name="bureau_overview"),
    path("bureau/<int:bureau_pk>/", oversight.bureau_overview, name="bureau_overview"),
    path(
        "exemptions/<int:pk>/decide/",
        oversight.ExemptionDecide.as_view(),
        name="exemption_decide",
    ),
    path("<int:pk>/send-back/", oversight.IdeaSendBack.as_view(), name="idea_send_back"),
    path(
        "<int:pk>/representative/",
        oversight.IdeaMarkRepresentative.as_view(),
        name="idea_mark_representative",
    ),
    path("<int:pk>/duplicate/", oversight.IdeaLinkDuplicate.as_view(), name="idea_link_duplicate"),
]
