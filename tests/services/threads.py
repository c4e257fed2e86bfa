"""Shared by the message-thread tests: messages written straight to the database, a
thread between the cast's client and freelancer, and what a thread page shows."""

import re

import factory
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from services.models import Engagement, Message, ThreadRead


class MessageFactory(factory.django.DjangoModelFactory):
    """A message by the engagement's client unless `author` is given."""

    class Meta:
        model = Message

    engagement = None
    author = factory.LazyAttribute(lambda m: m.engagement.client)
    text = factory.Sequence(lambda n: f"Message number {n} about the job.")
    created_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Counted on the engagement, as message_send counts it.
        message = super()._create(model_class, *args, **kwargs)
        Engagement.objects.filter(pk=message.engagement_id).update(
            message_count=F("message_count") + 1
        )
        return message


def thread_url(engagement, **query):
    url = reverse("services:thread", kwargs={"pk": engagement.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def send_url(engagement):
    return thread_url(engagement)


def message_texts(response) -> list[str]:
    """The thread's messages as their rendered texts, oldest first (the request excluded)."""
    html = response.content.decode()
    blocks = re.findall(r'<li class="thread-message[^"]*" id="message-\d+">(.*?)</li>', html, re.S)
    return [re.sub(r"<[^>]+>", " ", block) for block in blocks]


def unread(engagement, user) -> bool:
    return ThreadRead.objects.filter(
        engagement=engagement, user=user, unread_since__isnull=False
    ).exists()
