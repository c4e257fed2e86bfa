"""Demo conversations on the demo's hire requests: a thread in every state, with replies
both ways, an attachment, a contact-detail notice, an unread reply, an open report, and a
completed job long enough ago that its thread is read-only.

Messages go through the actions (content checks, markers), then the whole story is moved
into the past, as the request's own dates are: the demo is loaded in one go, and sends
made "now" would also count against the senders' rate limits.
"""

from datetime import timedelta

from django.utils import timezone

from marketplace.demo import images
from services import actions
from services.attachments import check_attachment
from services.models import Engagement, Message, ThreadRead

# Days from a hand-written request to its end (delivered, completed, declined, cancelled).
WORK_DAYS = 6

# (who writes: "client" or "freelancer", text, with an attachment)
CONVERSATIONS = {
    Engagement.Status.REQUESTED: [
        (
            "freelancer",
            "Thanks for thinking of me! How many illustrations, what size?",
            False,
        ),
        ("client", "Three, for a feature spread: one full page, two half pages.", False),
    ],
    Engagement.Status.ACCEPTED: [
        ("freelancer", "Happy to take this on. Could you send your brand guidelines?", False),
        ("client", "Here they are. The logo must work in one colour too.", True),
        (
            "freelancer",
            "First sketches by Thursday: https://example.org/moodboard",
            False,
        ),
        ("client", "Great. If it is quicker, my WhatsApp is +44 7700 900123.", False),
    ],
    Engagement.Status.DECLINED: [
        ("freelancer", "Sorry, I am fully booked this month. Try again in June?", False),
    ],
    Engagement.Status.CANCELLED: [
        ("client", "Our plans changed, so I am cancelling. Sorry for the trouble!", False),
        ("freelancer", "No problem at all. Good luck with the magazine.", False),
    ],
    Engagement.Status.COMPLETED: [
        ("freelancer", "All done. The final files are in the shared folder.", False),
        ("client", "Thank you, it looks great. Paying the invoice today.", False),
    ],
}


# What the two sides of a generated request say once it is accepted (freelancer, client).
EXCHANGES = [
    (
        "Thanks, starting today. You will have a first draft within the week.",
        "Great, looking forward to it.",
    ),
    (
        "Got it. Is there a date I should plan around?",
        "The end of the month would be ideal. Thank you!",
    ),
    (
        "Happy to help. Could you share a few examples of what you like?",
        "I will put some together this afternoon.",
    ),
]


def exchange(engagement, n: int) -> None:
    """The short talk on a generated request once accepted: the freelancer, then the
    client (the `n`th of EXCHANGES, round)."""
    freelancer_says, client_says = EXCHANGES[n % len(EXCHANGES)]
    _send(engagement, "freelancer", freelancer_says, False)
    _send(engagement, "client", client_says, False)


def _send(engagement, who, text, with_file):
    author = engagement.client if who == "client" else engagement.freelancer.user
    files = []
    if with_file:
        pdf = images.resume_pdf(
            "Brand guidelines", ["Colours: teal and amber", "Logo: one colour"]
        )
        pdf.name = "brand-guidelines.pdf"
        files = [check_attachment(pdf)]
    return actions.message_send(engagement=engagement, author=author, text=text, attachments=files)


def into_the_past(engagement, *, days_ago: int, work_days: int = 0) -> None:
    """Move the request, its steps and its messages back `days_ago` days: accepted within
    the hour, the messages an hour apart, and any end (delivered, completed, closed)
    `work_days` days after the request, or an hour after the last message if later."""
    start = timezone.now() - timedelta(days=days_ago)
    messages = list(Message.objects.filter(engagement=engagement).order_by("created_at", "id"))
    for n, message in enumerate(messages, start=1):
        Message.objects.filter(pk=message.pk).update(created_at=start + timedelta(hours=n))
    accepted = start + timedelta(minutes=30)
    end = max(start + timedelta(hours=len(messages) + 1), start + timedelta(days=work_days))
    steps = {"created_at": start}
    for field, when in (
        ("accepted_at", accepted),
        # Delivered, then completed by the client a quarter of the work's time later.
        ("delivered_at", end - (end - accepted) / 4 if engagement.completed_at else end),
        ("completed_at", end),
        ("closed_at", end),
    ):
        if getattr(engagement, field):
            steps[field] = when
    Engagement.objects.filter(pk=engagement.pk).update(**steps)
    ThreadRead.objects.filter(engagement=engagement, unread_since__isnull=False).update(
        unread_since=end
    )


def load(engagements: list[Engagement]) -> None:
    """Conversations on the hand-written demo hire requests (the demo's `_hires` made
    them); the generated ones keep only their request message."""
    completed_seen = 0
    for n, engagement in enumerate(engagements):
        for who, text, with_file in CONVERSATIONS.get(engagement.status, []):
            _send(engagement, who, text, with_file)
        days_ago = 20 - n
        if engagement.status == Engagement.Status.COMPLETED:
            completed_seen += 1
            if completed_seen == 1:
                days_ago = 120  # its thread turned read-only 90 days after it completed
        work_days = WORK_DAYS if engagement.accepted_at else 1
        into_the_past(engagement, days_ago=days_ago, work_days=work_days)
    _reported_message(engagements)


def _reported_message(engagements: list[Engagement]) -> None:
    """One open report in the staff's queue: the client of the accepted job reports a
    message asking to be paid off the site."""
    engagement = next(e for e in engagements if e.status == Engagement.Status.ACCEPTED)
    message = actions.message_send(
        engagement=engagement,
        author=engagement.freelancer.user,
        text="Pay me by bank transfer instead and I will knock 20% off.",
    )
    actions.message_report(
        message=message,
        reporter=engagement.client,
        reason="Asks to be paid outside the site.",
    )
