from reviews.views import management, reviewer

app_name = "reviews"
urlpatterns = [*reviewer.urlpatterns, *management.urlpatterns]
