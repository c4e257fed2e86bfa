"""Storages that fail like a full, read-only or unwritable disk, for the tests of what the
site does then; `use_storage` puts one under every upload field."""

import errno
import os

from django.core.files.storage import FileSystemStorage, storages

from profiles.models import Profile


def _error(code, name):
    return OSError(code, os.strerror(code), name)


class FullStorage(FileSystemStorage):
    """No space left: a write creates its file, then fails (ENOSPC) and leaves it empty."""

    def _save(self, name, content):
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        with open(full_path, "xb"):
            pass
        raise _error(errno.ENOSPC, name)


class ReadOnlyStorage(FileSystemStorage):
    """A folder mounted read-only: nothing is written or deleted (EROFS)."""

    def _save(self, name, content):
        raise _error(errno.EROFS, name)

    def delete(self, name):
        raise _error(errno.EROFS, name)


class UnwritableStorage(FileSystemStorage):
    """A folder the site's user may not write to (EACCES)."""

    def _save(self, name, content):
        raise _error(errno.EACCES, name)

    def delete(self, name):
        raise _error(errno.EACCES, name)


FAILING = [FullStorage, ReadOnlyStorage, UnwritableStorage]


def use_storage(settings, monkeypatch, backend):
    """Public and private uploads both go through `backend`, over the test's own folders."""
    path = f"{__name__}.{backend.__name__}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": path, "OPTIONS": {"location": settings.MEDIA_ROOT}},
        "private": {
            "BACKEND": path,
            "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
    # The resume field called its storage callable once, when the models loaded.
    monkeypatch.setattr(Profile._meta.get_field("resume"), "storage", storages["private"])
