"""Pages of the team: drafting, attaching, submitting, withdrawing, filing exemptions."""

urlpatterns: list = []
