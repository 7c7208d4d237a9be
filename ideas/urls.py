from ideas.views import oversight, team

app_name = "ideas"
urlpatterns = [*team.urlpatterns, *oversight.urlpatterns]
