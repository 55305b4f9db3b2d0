"""The errors a user sees as a one-line message and an exit code, not a traceback.

Kept apart from the modules that raise them so the command line can catch them without
importing the database layer (which `mediawatch tag` must not load).
"""


class ConfigError(Exception):
    """The configuration cannot be used; the message says which key and why."""


class DatabaseError(Exception):
    """The database cannot be reached or used; the message is safe to print (no password)."""
