from django.contrib import admin
from django.urls import include, path, re_path

from config.api import NotFoundView, SchemaView, SwaggerView, router
from core import views as core_views

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", core_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        core_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        core_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        core_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("org/", include("departments.urls")),
    path("ideas/", include("ideas.urls")),
    path("reviews/", include("reviews.urls")),
    path("briefings/", include("briefings.urls")),
    path("notifications/", include("notifications.urls")),
    path("exports/", include("exports.urls")),
    path("insight/", include("insight.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("participation/", include("participation.urls")),
    path("rollout/", include("rollout.urls")),
    path("awards/", include("awards.urls")),
    path("visits/", include("visits.urls")),
    path("similarity/", include("similarity.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ is a JSON 404 (401 for anonymous callers), not an HTML page.
    path("api/", NotFoundView.as_view(), name="api-not-found"),
    # Any character, a line feed included (a path converter's "." would stop at it).
    re_path(r"^api/(?P<rest>(?s:.+))$", NotFoundView.as_view(), name="api-not-found"),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
