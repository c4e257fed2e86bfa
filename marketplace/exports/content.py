"""What "Download your data" holds: one JSON document of everything a user put in or was
given a say on, and the list of their own files to copy beside it.

Only what the user can already see on the site: the other party of a hire request is
named (as the thread names them), their messages are there as the thread shows them, but
none of their files is copied (a file the other party sent is listed by name, type and
size only) and nothing of theirs that staff hid is shown beyond what the thread shows.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.text import slugify

from common.mail import absolute_url
from profiles.models import Profile
from reviews.models import Appeal, Report, Review
from services.models import Engagement, Message, MessageAttachment, MessageReport, Service

FORMAT_VERSION = 1


@dataclass(frozen=True)
class ExportFile:
    """One of the user's files: where it goes in the archive, and where it is stored."""

    path: str  # inside the archive, under files/
    field_file: object  # a FieldFile (its storage and name)


@dataclass(frozen=True)
class ExportContent:
    document: dict
    articles: list[tuple[str, str]]  # (path inside the archive, Markdown)
    files: list[ExportFile]


class _Files:
    """Collects the user's files under unique archive paths."""

    def __init__(self):
        self.files: list[ExportFile] = []

    def add(self, folder: str, field_file, name: str | None = None) -> str | None:
        if not field_file:
            return None
        base = PurePosixPath(name or field_file.name).name
        path = f"files/{folder}/{len(self.files) + 1}-{base}"
        self.files.append(ExportFile(path=path, field_file=field_file))
        return path


def export_content(*, user) -> ExportContent:
    """Everything the export holds for `user`, read in a bounded number of queries (no
    query per row): the document, the articles as Markdown and the files to copy."""
    files = _Files()
    profile = Profile.objects.filter(user=user).prefetch_related("skills", "articles").first()
    articles = _articles(profile, files) if profile else []
    document = {
        "format_version": FORMAT_VERSION,
        "site": settings.SITE_URL,
        "account": _account(user),
        "profile": _profile(profile, files) if profile else None,
        "services": _services(profile, files) if profile else [],
        "articles": [article for article, _ in articles],
        "reviews_written": _reviews(Review.objects.filter(author=user), as_author=True),
        "reviews_received": (
            _reviews(Review.objects.filter(freelancer=profile), as_author=False) if profile else []
        ),
        "hire_requests": _hire_requests(user, files),
        "reports_made": _reports(user),
        "appeals": _appeals(user),
    }
    return ExportContent(
        document=document,
        articles=[(path, markdown) for _, (path, markdown) in articles],
        files=files.files,
    )


def _account(user) -> dict:
    return {
        "email": user.email,
        "display_name": user.name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "message_mail": user.message_mail,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.order_by("pk")
        ],
    }


def _profile(profile: Profile, files: _Files) -> dict:
    return {
        "display_name": profile.display_name,
        "slug": profile.slug,
        "url": absolute_url(profile.get_absolute_url()),
        "status": profile.status,
        "headline": profile.headline,
        "about": profile.about,
        "country": profile.country,
        "city": profile.city,
        "hourly_rate": profile.hourly_rate,
        "availability": profile.availability,
        "away_until": profile.away_until,
        "skills": sorted(skill.name for skill in profile.skills.all()),
        "resume_visibility": profile.resume_visibility,
        "photo": files.add("profile", profile.avatar),
        "banner": files.add("profile", profile.banner),
        "resume": files.add("profile", profile.resume, f"{profile.slug}-resume.pdf"),
        "rating_average": profile.rating_average,
        "review_count": profile.review_count,
        "created_at": profile.created_at,
    }


def _services(profile: Profile, files: _Files) -> list[dict]:
    services = (
        Service.objects.filter(freelancer=profile)
        .select_related("category__parent")
        .prefetch_related("skills")
        .annotate(listed_publicly=Exists(Service.objects.public().filter(pk=OuterRef("pk"))))
        .order_by("created_at", "pk")
    )
    return [
        {
            "title": service.title,
            "slug": service.slug,
            "url": absolute_url(service.get_absolute_url()) if service.listed_publicly else None,
            "status": service.status,
            "moderation_note": service.moderation_note,
            "category": str(service.category),
            "description": service.description,
            "skills": sorted(skill.name for skill in service.skills.all()),
            "hourly_rate": service.hourly_rate,
            "starting_price": service.starting_price,
            "engagement": service.engagement,
            "banner": files.add("services", service.banner),
            "rating_average": service.rating_average,
            "review_count": service.review_count,
            "published_at": service.published_at,
            "created_at": service.created_at,
        }
        for service in services
    ]


def _articles(profile: Profile, files: _Files) -> list[tuple[dict, tuple[str, str]]]:
    out = []
    for article in sorted(profile.articles.all(), key=lambda a: (a.created_at, a.pk)):
        path = f"articles/{article.pk}-{slugify(article.slug) or 'article'}.md"
        entry = {
            "title": article.title,
            "slug": article.slug,
            "status": article.status,
            "url": absolute_url(article.get_absolute_url()) if article.is_published else None,
            "markdown": path,
            "body": article.body,
            "cover": files.add("articles", article.cover),
            "published_at": article.published_at,
            "created_at": article.created_at,
        }
        out.append((entry, (path, f"# {article.title}\n\n{article.body}\n")))
    return out


def _reviews(reviews, *, as_author: bool) -> list[dict]:
    """Reviews with their replies; each that has a public page gives its absolute address."""
    public = Review.objects.with_public_page().filter(pk=OuterRef("pk"))
    rows = (
        reviews.select_related("author", "service", "freelancer")
        .annotate(has_page=Exists(public))
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": review.pk,
            "public_url": absolute_url(review.get_absolute_url()) if review.has_page else None,
            "service": review.service.title,
            "freelancer": review.freelancer.display_name,
            "author": "you" if as_author else review.author_name,
            "rating": review.rating,
            "communication": review.communication,
            "quality": review.quality,
            "value": review.value,
            "text": review.text,
            "hidden_by_staff": review.is_hidden,
            # Both parties see why on their reviews dashboard.
            "hidden_reason": review.hidden_reason if review.is_hidden else "",
            "reply": review.reply,
            "replied_at": review.replied_at,
            "created_at": review.created_at,
        }
        for review in rows
    ]


def _hire_requests(user, files: _Files) -> list[dict]:
    messages = Message.objects.select_related("author").order_by("created_at", "pk")
    attachments = MessageAttachment.objects.order_by("pk")
    engagements = (
        Engagement.objects.filter(Q(client=user) | Q(freelancer__user=user))
        .select_related("service", "freelancer", "client")
        .prefetch_related(
            Prefetch("thread_messages", queryset=messages),
            Prefetch("thread_messages__attachments", queryset=attachments),
        )
        .order_by("created_at", "pk")
    )
    return [_hire_request(engagement, user, files) for engagement in engagements]


def _hire_request(engagement: Engagement, user, files: _Files) -> dict:
    as_client = engagement.client_id == user.pk
    return {
        "id": engagement.pk,
        "you_are": "client" if as_client else "freelancer",
        "other_party": (
            engagement.freelancer.display_name if as_client else engagement.client.display_name
        ),
        "service": engagement.service.title,
        "status": engagement.status,
        "message": engagement.message,
        "budget": engagement.budget,
        "created_at": engagement.created_at,
        "accepted_at": engagement.accepted_at,
        "delivered_at": engagement.delivered_at,
        "completed_at": engagement.completed_at,
        "closed_at": engagement.closed_at,
        "messages": [
            _message(message, user, files) for message in engagement.thread_messages.all()
        ],
    }


def _message(message: Message, user, files: _Files) -> dict:
    own = message.author_id == user.pk
    shown = own or not message.is_hidden  # the other party's hidden text is not shown to you
    return {
        "author": "you" if own else message.author.display_name,
        "text": message.text if shown else None,
        "hidden_by_staff": message.is_hidden,
        "hidden_reason": message.hidden_reason if message.is_hidden else "",
        "created_at": message.created_at,
        "attachments": [
            {
                "name": attachment.name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                # Only the files you sent are copied; the other party's stay theirs.
                "file": files.add("messages", attachment.file, attachment.name) if own else None,
            }
            for attachment in message.attachments.all()
        ],
    }


def _reports(user) -> list[dict]:
    """The reports the user filed, on reviews, services, profiles and messages: their own
    words and what staff decided (as the outcome mail told them), never who decided."""
    reports = Report.objects.filter(reporter=user).select_related(
        "review__service", "service", "profile"
    )
    message_reports = MessageReport.objects.filter(reporter=user).select_related("message")
    rows = [
        {
            "about": _report_target(report),
            "category": report.get_category_display(),
            "reason": report.reason,
            "status": report.status,
            "decision": report.get_outcome_display(),
            "decision_reason": report.decision_reason,
            "created_at": report.created_at,
            "resolved_at": report.resolved_at,
        }
        for report in reports
    ] + [
        {
            # The message's text is its sender's: only where it was.
            "about": f"a message in hire request {report.message.engagement_id}",
            "category": "",
            "reason": report.reason,
            "status": report.status,
            "decision": "",
            "decision_reason": "",
            "created_at": report.created_at,
            "resolved_at": report.resolved_at,
        }
        for report in message_reports
    ]
    return sorted(rows, key=lambda row: row["created_at"])


def _report_target(report: Report) -> str:
    if report.review_id:
        return f"a review of the service “{report.review.service.title}”"
    if report.service_id:
        return f"the service “{report.service.title}”"
    return f"the freelancer profile of {report.profile.display_name}"


def _appeals(user) -> list[dict]:
    """The user's appeals against staff decisions on their service or profile: their own
    text, the decision contested and the outcome with its reason."""
    appeals = (
        Appeal.objects.filter(appellant=user)
        .select_related("decision", "service", "profile")
        .order_by("created_at", "pk")
    )
    return [
        {
            "about": (
                f"your service “{appeal.service.title}”" if appeal.service_id else "your profile"
            ),
            "decision_contested": appeal.decision.change_message,
            "text": appeal.text,
            "status": appeal.status,
            "decision_reason": appeal.decision_reason,
            "created_at": appeal.created_at,
            "decided_at": appeal.decided_at,
        }
        for appeal in appeals
    ]
