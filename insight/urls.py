from django.urls import path

from insight import book_views, views

app_name = "insight"
urlpatterns = [
    path("books/<int:pk>/", book_views.book_detail, name="book"),
    path("books/<int:pk>/build/", book_views.BookRequest.as_view(), name="book_request"),
    path("books/<int:pk>/<str:fmt>/", book_views.book_download, name="book_download"),
    path("trends/", views.trends, name="trends"),
    path("history/<slug:kind>/<int:pk>/", views.history_page, name="history"),
    path("", views.home, name="home"),
    path("government/", views.government, name="government"),
    path("bureaus/<int:pk>/", views.bureau, name="bureau"),
    path("teams/<int:pk>/", views.team, name="team"),
]
