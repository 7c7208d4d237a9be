"""The home page: who is signed in and what waits for them."""

from django.shortcuts import render

from core.context_processors import signed_in_person
from core.home import waiting_for


def home(request):
    return render(
        request,
        "core/home.html",
        {"person": signed_in_person(request), "waiting": waiting_for(request.user)},
    )
