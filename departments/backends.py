from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class EmployeeNumberOrUsernameBackend(ModelBackend):
    """Log-in with the employee number (사번) or the username, whichever the person types."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        UserModel = get_user_model()
        login = username.strip()
        user = (
            UserModel._default_manager.filter(Q(username=login) | Q(employee_number=login))
            .order_by("pk")
            .first()
        )
        if user is None:
            # Hash anyway so that an unknown login takes as long as a wrong password.
            UserModel().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        # The header shows the person's unit on every page: load it with the user.
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related(
                "team__division__bureau", "division__bureau", "bureau"
            ).get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
