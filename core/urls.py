from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/logged-out/", views.logged_out, name="logged_out"),
    # Django's set_language at its usual address, open to visitors who are not signed in
    # so that the log-in page can switch language. This file is included before
    # django.conf.urls.i18n in config/urls.py, so this route answers /i18n/setlang/.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
