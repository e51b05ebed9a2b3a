from imdi_portal.core.notifications import notification_unread_count_get


def notifications(request) -> dict[str, int]:
    """The unread count in the header, for signed-in users only (one COUNT query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": notification_unread_count_get(user)}
