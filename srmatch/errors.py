"""Base class for errors whose message is meant for the person at the keyboard."""


class UserFacingError(Exception):
    """Raised by services when input or state is wrong; the message names what and why."""
