from projects.selectors import unread_count


def notifications(request) -> dict[str, int]:
    """The unread count in the header, for signed-in users only (one COUNT query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
