"""The one error a backup or restore raises, with a message that says what to do."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""
