"""Writing the demo through the actions, as people would: users, freelancers with their
pictures, services and articles, hire requests with their reviews, the moderation queue.
The actions keep ratings, search words and page caches right."""

from datetime import timedelta
from decimal import Decimal
from functools import cache

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from marketplace.demo import images
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.demo.threads import exchange, into_the_past
from profiles import actions as profile_actions
from profiles.models import Profile, User
from profiles.uploads import AVATAR, BANNER, COVER, check_pdf, process_image
from reviews import actions as review_actions
from services import actions as service_actions
from services.models import Category, Engagement, Service


@cache
def _password_hash(hashers: tuple[str, ...]) -> str:
    """The demo password hashed once per set of hashers (tests use a faster one): hashing
    is slow on purpose, and every demo user shares the password anyway."""
    return make_password(DEMO_PASSWORD)


def user_load(email: str, name: str, *, is_staff: bool = False) -> User:
    """The user with this email, made with the demo password if new, email verified."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"name": name, "is_staff": is_staff, "is_superuser": is_staff}
    )
    if created:
        user.password = _password_hash(tuple(settings.PASSWORD_HASHERS))
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _profile_data(spec: dict, seed: int) -> dict:
    initials = "".join(part[0] for part in spec["name"].split()[:2])
    start, end = spec["colors"]
    data = {
        "about": spec["about"],
        "city": spec["city"],
        "country": spec["country"],
        "hourly_rate": Decimal(spec["rate"]),
        "avatar": process_image(images.avatar(initials, start), AVATAR),
        "banner": process_image(images.banner(start, end, seed=seed), BANNER),
        "resume": check_pdf(
            images.resume_pdf(
                spec["name"],
                [spec["headline"], f"{spec['city']}, {spec['country']}", spec["email"]],
            )
        ),
    }
    if availability := spec.get("availability"):
        data["availability"] = availability
    if spec.get("away_days"):
        data["away_until"] = timezone.localdate() + timedelta(days=spec["away_days"])
    return data


def service_load(profile: Profile, offer: dict, *, moderator=None) -> Service:
    """A service submitted for review; approved by `moderator` if one is given."""
    service = service_actions.service_create(
        freelancer=profile,
        title=offer["title"],
        description=offer["description"],
        category=Category.objects.get(slug=offer["category"]),
        hourly_rate=Decimal(offer["rate"]),
        starting_price=Decimal(offer["from"]),
        engagement=offer["engagement"],
        skill_names=offer["skills"],
    )
    if moderator is None:
        return service_actions.service_submit(service=service, premoderation=True)
    service = service_actions.service_submit(service=service)
    if not service.is_published:
        service = service_actions.service_approve(service=service, moderator=moderator)
    return service


def freelancer_load(spec: dict, *, moderator, seed: int = 0) -> Profile:
    """A freelancer from a spec (see `data.FREELANCERS`): profile, pictures, resume,
    skills, published services and articles."""
    user = user_load(spec["email"], spec["name"])
    if hasattr(user, "profile"):
        return user.profile
    profile = profile_actions.profile_create(
        user=user, display_name=spec["name"], headline=spec["headline"]
    )
    profile = profile_actions.profile_update(
        profile=profile, data=_profile_data(spec, seed), skill_names=spec["skills"]
    )
    for offer in spec["services"]:
        service_load(profile, offer, moderator=moderator)
    start, end = spec["colors"]
    for n, (title, body) in enumerate(spec["articles"], start=1):
        profile_actions.article_create(
            profile=profile,
            title=title,
            body=body,
            cover=process_image(images.banner(end, start, seed=seed + n), COVER),
            publish=True,
        )
    return profile


def hire_load(service: Service, client: User, status: str, message: str) -> Engagement:
    """A hire request taken to `status`, each party making its own moves."""
    freelancer = service.freelancer.user
    engagement = service_actions.engagement_request(
        service=service, client=client, message=message, budget=Decimal(500)
    )
    if status == Engagement.Status.CANCELLED:
        service_actions.engagement_cancel(engagement=engagement, actor=client)
    elif status == Engagement.Status.DECLINED:
        service_actions.engagement_decline(engagement=engagement, actor=freelancer)
    elif status in (
        Engagement.Status.ACCEPTED,
        Engagement.Status.DELIVERED,
        Engagement.Status.COMPLETED,
    ):
        # Both parties take their turn: the freelancer delivers, the client completes.
        service_actions.engagement_accept(engagement=engagement, actor=freelancer)
        if status != Engagement.Status.ACCEPTED:
            service_actions.engagement_deliver(engagement=engagement, actor=freelancer)
        if status == Engagement.Status.COMPLETED:
            service_actions.engagement_complete(engagement=engagement, actor=client)
    return Engagement.objects.get(pk=engagement.pk)


def review_load(engagement: Engagement, review: tuple, reply: str):
    """The client's review of a completed job, and the freelancer's reply if any."""
    rating, communication, quality, value, text = review
    written = review_actions.review_submit(
        engagement=engagement,
        author=engagement.client,
        rating=rating,
        communication=communication,
        quality=quality,
        value=value,
        text=text,
    )
    if reply:
        review_actions.review_reply(review=written, actor=engagement.freelancer.user, text=reply)
    return written


def crowd_hires_load(hires: list[tuple], messages: list[str]) -> None:
    """The generated hire requests, each moved back to its own day at once (so no
    client reaches the hourly limit), with their reviews. An accepted one has a short
    exchange and takes days (up to nine, ending at least a day ago)."""
    services = {s.title: s for s in Service.objects.select_related("freelancer__user")}
    clients = {u.email: u for u in User.objects.all()}
    for n, (title, email, status, review, reply, days_ago) in enumerate(hires):
        engagement = hire_load(services[title], clients[email], status, messages[n % 3])
        work_days = 0
        if engagement.accepted_at:
            exchange(engagement, n)
            work_days = min(days_ago - 1, 2 + n % 8)
        into_the_past(engagement, days_ago=days_ago, work_days=work_days)
        if review:
            review_load(engagement, review, reply)
