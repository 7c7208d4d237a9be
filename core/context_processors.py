def navigation(request):
    # Filled in by core.navigation (role-based menu).
    return {}
