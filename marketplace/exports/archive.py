"""Writing the "Download your data" ZIP: the JSON document, the articles as Markdown and
the user's files, each streamed from its storage into a temporary file on disk, which is
then streamed into the private storage. No file is ever read whole into memory."""

import json
import logging
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder

from marketplace.exports.content import ExportContent
from profiles.uploads import STORAGE_ERRORS

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
README = """This archive holds what you put into {site}, as of {when}.

data.json   your account, profile, services, articles, reviews written and received
            (each review's public address, where it has one), hire requests with
            their messages, and the reports and appeals you filed; "files/..." values
            name files in this archive
articles/   your portfolio articles in Markdown
files/      your photo, banners, resume, article covers and the files you sent in messages
"""


@dataclass(frozen=True)
class StoredArchive:
    name: str  # in the private storage
    size: int


def archive_store(
    *, content: ExportContent, storage: Storage, folder: str, site: str, when: str
) -> StoredArchive:
    """Write the ZIP of `content` and save it under `folder` in `storage` (a random name);
    a file that cannot be read is left out and listed in data.json's `missing_files`."""
    with tempfile.TemporaryFile(prefix="data-export-") as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            missing = [
                export_file.path
                for export_file in content.files
                if not _copy_into(archive, export_file.path, export_file.field_file)
            ]
            for path, markdown in content.articles:
                archive.writestr(path, markdown)
            document = {**content.document, "missing_files": missing}
            archive.writestr(
                "data.json",
                json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            )
            archive.writestr("README.txt", README.format(site=site, when=when))
        size = temporary.tell()
        temporary.seek(0)
        name = storage.save(f"{folder}/{uuid.uuid4().hex}.zip", File(temporary))
    return StoredArchive(name=name, size=size)


def _copy_into(archive: zipfile.ZipFile, path: str, field_file) -> bool:
    """Stream one stored file into the archive in chunks; False if it cannot be read."""
    try:
        with (
            field_file.storage.open(field_file.name, "rb") as source,
            archive.open(path, "w", force_zip64=True) as target,
        ):
            shutil.copyfileobj(source, target, CHUNK_BYTES)
    except STORAGE_ERRORS:
        logger.warning("Data export: %s could not be read; left out", field_file.name)
        return False
    return True
