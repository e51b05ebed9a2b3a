"""Exceptions that services raise for "not allowed / not possible now"."""


class DomainError(Exception):
    """A business rule refused the operation; the message is shown to the user as is."""
