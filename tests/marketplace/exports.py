"""Shared by the data-export tests: a user who has everything, files written straight to
the storages, and reading back what an export stored."""

import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from marketplace.exports import actions
from marketplace.models import DataExport
from reviews import actions as review_actions
from services.models import MessageAttachment
from tests.profiles.factories import ArticleFactory
from tests.reviews.factories import review_publish
from tests.services.factories import EngagementFactory, ServiceFactory
from tests.services.threads import MessageFactory


def stored(storage, name: str, data: bytes) -> str:
    """Save `data` under `name` in `storage`; the name it was stored under."""
    return storage.save(name, ContentFile(data))


def attach(message, data: bytes, name: str) -> MessageAttachment:
    return MessageAttachment.objects.create(
        message=message,
        file=stored(storages["private"], f"messages/{name}", data),
        name=name,
        content_type="text/plain",
        size=len(data),
    )


def everything(freelancer, client_user, other_freelancer) -> dict:
    """Fran with a photo, banner, resume, a service with a banner, a draft and a published
    article (one with a cover), a review received (with her reply) from Casey on a job whose
    thread holds files from both, and a review she wrote of Olga. Returns what tests
    compare against."""
    profile = freelancer.profile
    profile.avatar = stored(default_storage, "profiles/avatars/fran.webp", b"FRAN-PHOTO")
    profile.banner = stored(default_storage, "profiles/banners/fran.webp", b"FRAN-BANNER")
    profile.resume = stored(storages["private"], "resumes/fran.pdf", b"%PDF-FRAN-RESUME")
    profile.save()
    service = ServiceFactory(
        freelancer=profile,
        title="News writing",
        slug="news-writing",
        banner=stored(default_storage, "services/banners/news.webp", b"NEWS-BANNER"),
    )
    article = ArticleFactory(
        profile=profile,
        title="How I report",
        slug="how-i-report",
        body="# Sources\n\nI *always* check them.",
        cover=stored(default_storage, "profiles/covers/report.webp", b"ARTICLE-COVER"),
    )
    ArticleFactory(profile=profile, title="Draft notes", slug="draft-notes", status="draft")
    job = EngagementFactory(service=service, client=client_user, completed=True)
    from_fran = MessageFactory(engagement=job, author=freelancer, text="Here is the draft.")
    attach(from_fran, b"FRAN-SENT-THIS", "draft.txt")
    from_casey = MessageFactory(engagement=job, author=client_user, text="My private notes.")
    attach(from_casey, b"CASEY-PRIVATE-FILE", "casey-notes.txt")
    received = review_actions.review_submit(
        engagement=job,
        author=client_user,
        rating=5,
        communication=5,
        quality=4,
        value=5,
        text="Superb reporting.",
    )
    received = review_actions.review_reply(review=received, actor=freelancer, text="Thanks!")
    olga_service = ServiceFactory(freelancer=other_freelancer.profile, title="Copy editing")
    written = review_publish(service=olga_service, client=freelancer, text="Olga edits well.")
    return {
        "service": service,
        "article": article,
        "job": job,
        "received": received,
        "written": written,
    }


def build(user, django_capture_on_commit_callbacks) -> DataExport:
    """Ask for an export and run what its commit starts (the build task, its mail)."""
    with django_capture_on_commit_callbacks(execute=True):
        export = actions.data_export_request(user=user)
    export.refresh_from_db()
    return export


def archive_of(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def document_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json"))
