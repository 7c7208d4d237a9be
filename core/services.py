from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from core.models import HistoryEntry


def history_record(*, obj, action: str, by=None, reason: str = "", data: dict | None = None):
    """Append one entry to ``obj``'s history; call inside the service's transaction."""
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        action=action,
        actor=by if by is not None and by.is_authenticated else None,
        reason=reason,
        data=data or {},
    )
