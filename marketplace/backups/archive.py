"""The archive: a tar file of manifest, database dump and media files, written and read."""

import hashlib
import io
import json
import os
import shutil
import tarfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

from marketplace.backups.errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
# Archive folder -> the setting naming where its files live.
MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}


def media_roots_from_settings() -> dict[str, Path]:
    """The local media folders, none when the files are in S3 buckets."""
    if settings.S3_ENDPOINT_URL:
        return {}
    return {folder: Path(getattr(settings, name)) for folder, name in MEDIA_FOLDERS.items()}


def buckets_not_archived() -> str:
    """What a backup leaves out when the files are in S3 buckets ('' when they are not)."""
    if not settings.S3_ENDPOINT_URL:
        return ""
    buckets = ", ".join(
        storage["OPTIONS"]["bucket_name"]
        for alias, storage in settings.STORAGES.items()
        if alias in ("default", "private")
    )
    return (
        f"uploaded files are in S3 buckets ({buckets} at {settings.S3_ENDPOINT_URL}) and are "
        "NOT in the archive: back the buckets up with the store's own tools (versioning, "
        "replication or a sync to another store)"
    )


# --- Writing ------------------------------------------------------------------------------


def archive_name(now=None) -> str:
    return f"marketplace-{(now or timezone.now()):%Y%m%d-%H%M%S}.tar"


def media_files(root: Path) -> list[Path]:
    """Every regular file under `root`, in a stable order (none if it does not exist)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_archive(
    destination: Path,
    *,
    manifest: dict,
    dump: Path,
    files: dict[str, list[Path]],
    media_roots: dict[str, Path],
) -> None:
    """Write the archive to `destination`, flushed to disk: `manifest`, `dump` and the `files` of
    each media folder (listed by `media_files`)."""
    with destination.open("wb") as raw:
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMP, recursive=False)
            for folder, paths in files.items():
                for path in paths:
                    relative = path.relative_to(media_roots[folder]).as_posix()
                    tar.add(path, arcname=f"{folder}/{relative}", recursive=False)
        raw.flush()
        os.fsync(raw.fileno())


# --- Reading ------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict:
    """The manifest, once every member is checked to be where an archive puts files."""
    names = set()
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        allowed = member.name in (MANIFEST, DUMP) or (
            path.parts[0] in MEDIA_FOLDERS and ".." not in path.parts and member.isfile()
        )
        if path.is_absolute() or not allowed:
            raise BackupError(f"not a marketplace backup: unexpected member {member.name!r}")
        names.add(member.name)
    if not {MANIFEST, DUMP} <= names:
        raise BackupError("not a marketplace backup: no manifest or database dump inside")
    manifest = json.load(tar.extractfile(MANIFEST))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def restore_media(tar: tarfile.TarFile, media_roots: dict[str, Path], *, force: bool) -> None:
    """Extract the archive's media files into `media_roots`, emptied first if `force`."""
    for root in media_roots.values():
        if force and root.exists():
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
    for member in tar.getmembers():
        folder, _, relative = member.name.partition("/")
        if folder in media_roots:
            root = media_roots[folder]
            root.mkdir(parents=True, exist_ok=True)
            tar.extract(member.replace(name=relative), path=root, filter="data")
