"""Deleting what the demo loads, so that `seed_demo --reset` can load it again: every
user and what hangs off them. The category tree, the groups (Moderators) and the skills
staff have let into the vocabulary stay."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import models, transaction

from common.models import SentMail, Submission
from profiles.models import Article, Profile, Skill, User
from profiles.uploads import delete_file_after_commit
from reviews.models import Appeal, Report, Review
from services.models import (
    Engagement,
    Message,
    MessageAttachment,
    MessageReport,
    Service,
    ThreadRead,
)

# Children before parents: the protected foreign keys (a message's author, a hire's
# service, an appeal's decision) allow no other order.
IN_ORDER = [
    Appeal,
    Report,
    Review,
    MessageReport,
    MessageAttachment,
    Message,
    ThreadRead,
    Engagement,
    Service,
    Article,
    Profile,
    LogEntry,
    Submission,
    SentMail,
    Session,
    Authenticator,
    EmailAddress,
    User,
]


def _stored_files(model) -> list:
    """The files the rows of `model` point to, to delete once the rows are gone."""
    fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
    files = []
    for row in model.objects.only(*fields) if fields else []:
        files += [getattr(row, name) for name in fields if getattr(row, name)]
    return files


@transaction.atomic
def demo_delete() -> dict[str, int]:
    """Delete every user and their profiles, services, hires, messages, reviews, reports,
    articles and the new skill names nobody approved; their files go after commit.
    Returns how many rows of each model went."""
    counts = {}
    files = []
    for model in IN_ORDER:
        files += _stored_files(model)
        counts[model._meta.label] = model.objects.all().delete()[0]
    counts["profiles.Skill"] = Skill.objects.filter(approved=False).delete()[0]
    for file in files:
        delete_file_after_commit(file)  # robust: a file that will not go is logged
    return counts
