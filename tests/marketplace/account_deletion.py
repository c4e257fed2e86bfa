"""A freelancer who has one of every kind of row there is, for the account deletion tests:
what goes, what stays, and what the other party still sees."""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile

from common.audit import record_decision
from common.models import Submission
from profiles.models import Article, Profile, User
from reviews.models import Appeal, Report, Review
from services.models import Engagement, Message, MessageAttachment, Service, ThreadRead
from tests.profiles.factories import ArticleFactory, ProfileFactory, SkillFactory, UserFactory
from tests.reviews.factories import review_publish
from tests.services.factories import ServiceFactory, engagement_in
from tests.services.threads import MessageFactory


def stored(field_file, name: str, content: bytes = b"file content") -> str:
    """Store `content` in the field's storage under `name` and keep it on the row."""
    field_file.save(name, ContentFile(content), save=True)
    return field_file.name


def attach(message: Message, name: str) -> MessageAttachment:
    attachment = MessageAttachment(message=message, name=name, content_type="text/plain", size=4)
    attachment.file.save(name, ContentFile(b"text"), save=False)
    attachment.save()
    return attachment


@dataclass
class Leaver:
    """Dee, a freelancer who also hires, and the rows around her."""

    user: User
    profile: Profile
    hired_service: Service  # hired by Casey: stays, emptied
    unhired_service: Service  # never hired: deleted
    article: Article
    open_hire: Engagement  # Casey asked Dee; still requested
    done_job: Engagement  # Casey hired Dee, completed and reviewed (received)
    review_received: Review
    job_as_client: Engagement  # Dee hired Olga, completed and reviewed (written)
    review_written: Review
    accepted_as_client: Engagement  # Dee hired Olga again; accepted, under way
    message_to_casey: Message
    casey_message: Message
    files: list[str]  # storage names of every file of Dee's
    private_files: list[str]


def leaver_with_everything(*, client_user, other_freelancer, moderator) -> Leaver:
    user = UserFactory(email="dee@example.com", name="Dee Departing")
    profile = ProfileFactory(
        user=user,
        display_name="Dee Departing",
        slug="dee-departing",
        skills=[SkillFactory(name="Copy editing")],
    )
    files = [
        stored(profile.avatar, "avatar.webp"),
        stored(profile.banner, "banner.webp"),
    ]
    private_files = [stored(profile.resume, "resume.pdf", b"%PDF-1.4 resume")]
    hired_service = ServiceFactory(freelancer=profile, title="Dee edits copy", slug="dee-edits")
    unhired_service = ServiceFactory(freelancer=profile, title="Dee proofreads", slug="dee-proof")
    files.append(stored(unhired_service.banner, "service-banner.webp"))
    files.append(stored(hired_service.banner, "hired-banner.webp"))
    article = ArticleFactory(profile=profile, title="How I edit")
    files.append(stored(article.cover, "cover.webp"))

    open_hire = engagement_in("requested", service=hired_service, client=client_user)
    review_received = review_publish(service=hired_service, client=client_user, rating=4)
    done_job = review_received.engagement
    Review.objects.filter(pk=review_received.pk).update(reply="Thank you, Casey.")

    olga_service = ServiceFactory(freelancer=other_freelancer.profile, title="Olga translates")
    review_written = review_publish(
        service=olga_service, client=user, rating=2, text="Late and careless with the terms."
    )
    job_as_client = review_written.engagement
    accepted_as_client = engagement_in("accepted", service=olga_service, client=user)

    message_to_casey = MessageFactory(engagement=done_job, author=user, text="Draft attached.")
    private_files.append(attach(message_to_casey, "draft.txt").file.name)
    casey_message = MessageFactory(engagement=done_job, author=client_user, text="Notes attached.")
    attach(casey_message, "notes.txt")
    MessageFactory(engagement=job_as_client, author=user, text="Here are the terms.")
    ThreadRead.objects.create(engagement=done_job, user=user, last_read_at=done_job.created_at)

    # Reports by her and about her, an appeal, a token, staff decisions on her rows.
    Report.objects.create(
        review=review_written, reporter=other_freelancer, reason="Not what happened."
    )
    Report.objects.create(service=olga_service, reporter=user, reason="Copied from my site.")
    Report.objects.create(profile=profile, reporter=client_user, reason="Fake credentials.")
    decision = record_decision(
        moderator=moderator, obj=unhired_service, decision="Suspended", reason="Spam."
    )
    Appeal.objects.create(
        decision=decision, service=unhired_service, appellant=user, text="It is not spam."
    )
    record_decision(moderator=moderator, obj=profile, decision="Warned", reason="Tone.")
    record_decision(moderator=moderator, obj=user, decision="Checked", reason="Fine.")
    Submission.objects.create(user=user, token="6c1f6c57-9b0c-4c4e-9d55-0e3f7f1e6d10")
    return Leaver(
        user=user,
        profile=profile,
        hired_service=hired_service,
        unhired_service=unhired_service,
        article=article,
        open_hire=open_hire,
        done_job=done_job,
        review_received=review_received,
        job_as_client=job_as_client,
        review_written=review_written,
        accepted_as_client=accepted_as_client,
        message_to_casey=message_to_casey,
        casey_message=casey_message,
        files=files,
        private_files=private_files,
    )


def log_names(leaver: Leaver) -> list[str]:
    """Every object name the admin log holds, to check none of hers is left."""
    return list(LogEntry.objects.values_list("object_repr", flat=True)) + list(
        LogEntry.objects.values_list("change_message", flat=True)
    )
