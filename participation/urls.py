from django.urls import path

from participation import views

app_name = "participation"
urlpatterns = [
    path("moderation/", views.moderation, name="moderation"),
    path("<slug:kind>/<int:pk>/comments/", views.CommentCreate.as_view(), name="comment_create"),
    path("<slug:kind>/<int:pk>/endorse/", views.Endorse.as_view(), name="endorse"),
    path("comments/<int:pk>/edit/", views.CommentEdit.as_view(), name="comment_edit"),
    path("comments/<int:pk>/delete/", views.CommentDelete.as_view(), name="comment_delete"),
    path("comments/<int:pk>/hide/", views.CommentHide.as_view(), name="comment_hide"),
    path("comments/<int:pk>/report/", views.CommentReport.as_view(), name="comment_report"),
]
