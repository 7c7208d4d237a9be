"""Pages of the planning office and bureau directors, and the idea library."""

urlpatterns: list = []
