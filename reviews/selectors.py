"""Page-level reads for reviews, and the signals staff check reviews by."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.contrib.admin.models import LogEntry
from django.contrib.postgres.search import SearchVector, SearchVectorExact
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.http import Http404

from common.search import prefix_search_query, staff_search
from profiles.models import Profile
from reviews.models import TEXT_SEARCH_CONFIG, Review
from services.models import Engagement, Message, Service


def engagement_get_for_review(*, pk: int, user) -> Engagement:
    """The user's own engagement as client, with its service and freelancer; 404 otherwise."""
    try:
        return Engagement.objects.select_related("service", "freelancer").get(pk=pk, client=user)
    except Engagement.DoesNotExist:
        raise Http404("No such job.") from None


def engagement_can_be_reviewed(engagement: Engagement) -> bool:
    """Completed and not reviewed yet (review_submit enforces it; this is for the page)."""
    return (
        engagement.status == Engagement.Status.COMPLETED
        and not Review.objects.filter(engagement=engagement).exists()
    )


def review_get_public(*, pk: int) -> Review:
    """A visible review of a public service, for reporting; 404 otherwise."""
    try:
        return (
            Review.objects.visible()
            .select_related("service", "author")
            .filter(service__in=Service.objects.public())
            .get(pk=pk)
        )
    except Review.DoesNotExist:
        raise Http404("No such review.") from None


def service_get_public(*, slug: str) -> Service:
    """A public service with its freelancer, for reporting; 404 otherwise."""
    try:
        return Service.objects.public().select_related("freelancer").get(slug=slug)
    except Service.DoesNotExist:
        raise Http404("No such service.") from None


def profile_get_public(*, slug: str) -> Profile:
    """A public freelancer profile, for reporting; 404 otherwise."""
    try:
        return Profile.objects.public().get(slug=slug)
    except Profile.DoesNotExist:
        raise Http404("No such freelancer.") from None


def review_get_for_reply(*, pk: int, user) -> Review:
    """A review of the user's own freelancer profile; 404 for anyone else."""
    try:
        return Review.objects.select_related("service", "author").get(pk=pk, freelancer__user=user)
    except Review.DoesNotExist:
        raise Http404("No such review.") from None


def reviews_received(*, user):
    """Reviews of the user's services, hidden ones included (with why), newest first."""
    return (
        Review.objects.filter(freelancer__user=user)
        .select_related("service", "author")
        .order_by("-created_at")
    )


def reviews_written(*, user):
    """Reviews the user wrote, newest first."""
    return (
        Review.objects.filter(author=user)
        .select_related("service", "freelancer")
        .order_by("-created_at")
    )


# --- Appeals ------------------------------------------------------------------------------

APPEALABLE = {"Suspended"}  # decisions (as common.audit logs them) a person may appeal


@dataclass(frozen=True)
class AppealableDecision:
    """A staff decision the user may appeal, and what it was about."""

    entry: LogEntry
    service: Service | None
    profile: Profile | None

    @property
    def target(self):
        return self.service or self.profile

    @property
    def reason(self) -> str:
        """The reason staff gave, as the audit trail keeps it ("Suspended: <reason>")."""
        return self.entry.change_message.partition(": ")[2]


def decision_get_appealable(*, entry_id, user) -> AppealableDecision:
    """A suspension of the user's own service or profile, still in force; 404 for any
    other decision and for anyone else (never a hint that it exists)."""
    try:
        entry = LogEntry.objects.select_related("content_type").get(pk=int(entry_id))
    except (LogEntry.DoesNotExist, TypeError, ValueError):
        raise Http404("No such decision.") from None
    decision = entry.change_message.split(":", 1)[0]
    model = entry.content_type.model_class() if entry.content_type_id else None
    if decision not in APPEALABLE or model not in (Service, Profile):
        raise Http404("No such decision.")
    if model is Service:
        found = Service.objects.select_related("freelancer").filter(
            pk=entry.object_id, freelancer__user=user, status=Service.Status.SUSPENDED
        )
    else:
        found = Profile.objects.filter(
            pk=entry.object_id, user=user, status=Profile.Status.SUSPENDED
        )
    target = found.first()
    if target is None:
        raise Http404("No such decision.")
    kind = "service" if model is Service else "profile"
    return AppealableDecision(entry=entry, **{"service": None, "profile": None, kind: target})


# --- Signals for staff --------------------------------------------------------------------
#
# Hints that a review may have been manufactured, computed in SQL for the staff's queue.
# Never shown on public pages, and never acting alone: a review with signals waits in the
# "Reviews to check" queue until staff clear it or hide it, each with a reason.

NEW_ACCOUNT = timedelta(days=7)
QUICK_JOB = timedelta(hours=1)
SAME_DAY_REVIEWERS = 3
BURST_REVIEWS = 3
BURST_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Signal:
    code: str
    words: str


SIGNALS = {
    signal.code: signal
    for signal in [
        Signal("new_account", "The reviewer's account was less than 7 days old when they hired"),
        Signal("quick_job", "Accepted and completed within an hour"),
        Signal("no_messages", "No messages were exchanged on the job"),
        Signal("only_freelancer", "The reviewer has only ever hired this freelancer"),
        Signal("reciprocal", "The freelancer has hired the reviewer too (reciprocal hiring)"),
        Signal(
            "same_day_reviewers",
            "3 or more of this freelancer's reviewers opened their accounts the same day",
        ),
        Signal("review_burst", "The reviewer wrote 3 or more reviews within 7 days"),
    ]
}


def _boolean(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _datetime(expression) -> ExpressionWrapper:
    # An OuterRef has no type of its own until resolved; TruncDate needs one.
    return ExpressionWrapper(expression, output_field=DateTimeField())


def _count_at_least(queryset: QuerySet, group_by: str, counted: str, least: int, distinct=False):
    """True when the correlated `queryset`, grouped on `group_by`, counts `least` or more."""
    count = queryset.order_by().values(group_by).annotate(n=Count(counted, distinct=distinct))
    return GreaterThanOrEqual(Coalesce(Subquery(count.values("n")[:1]), 0), least)


def _signal_expressions() -> dict[str, object]:
    """One boolean SQL expression per signal, on a Review queryset, by signal code."""
    expressions = {
        # (a) engagement.created_at - author.date_joined < 7 days
        "new_account": _boolean(
            Q(engagement__created_at__lt=F("author__date_joined") + NEW_ACCOUNT)
        ),
        # (b) completed_at - accepted_at < 1 hour
        "quick_job": _boolean(
            Q(engagement__completed_at__lt=F("engagement__accepted_at") + QUICK_JOB)
        ),
        # (d) every hire request the reviewer ever sent went to this freelancer (this job
        # is one of them, so there is at least one)
        "only_freelancer": ~Exists(
            Engagement.objects.filter(client_id=OuterRef("author_id")).exclude(
                freelancer_id=OuterRef("freelancer_id")
            )
        ),
        # (e) the freelancer's user hired the reviewer's own freelancer profile
        "reciprocal": Exists(
            Engagement.objects.filter(
                client_id=OuterRef("freelancer__user_id"),
                freelancer__user_id=OuterRef("author_id"),
            )
        ),
        # (f) this reviewer's sign-up day is shared by 3+ distinct reviewers of the freelancer
        "same_day_reviewers": _count_at_least(
            Review.objects.filter(freelancer_id=OuterRef("freelancer_id"))
            .annotate(joined_on=TruncDate("author__date_joined"))
            .filter(joined_on=TruncDate(_datetime(OuterRef("author__date_joined")))),
            group_by="freelancer_id",
            counted="author_id",
            least=SAME_DAY_REVIEWERS,
            distinct=True,
        ),
        # (g) 3+ reviews by the author (this one included) within 7 days either side of it
        "review_burst": _count_at_least(
            Review.objects.filter(
                author_id=OuterRef("author_id"),
                created_at__gte=OuterRef("created_at") - BURST_WINDOW,
                created_at__lte=OuterRef("created_at") + BURST_WINDOW,
            ),
            group_by="author_id",
            counted="pk",
            least=BURST_REVIEWS,
        ),
        # (c) no message exchanged on the job's thread.
        "no_messages": ~Exists(Message.objects.filter(engagement_id=OuterRef("engagement_id"))),
    }
    return {f"signal_{code}": expression for code, expression in expressions.items()}


def reviews_with_signals(queryset: QuerySet | None = None) -> QuerySet:
    """The reviews annotated with one boolean `signal_<code>` per signal (no extra query
    per row); read them with `signals_of`."""
    queryset = Review.objects.all() if queryset is None else queryset
    if "signal_new_account" in queryset.query.annotations:
        return queryset  # annotated already (the admin's changelist)
    return queryset.annotate(**_signal_expressions())


def signals_of(review: Review) -> list[Signal]:
    """The signals of a review read from `reviews_with_signals`, in the order of SIGNALS."""
    return [signal for code, signal in SIGNALS.items() if getattr(review, f"signal_{code}", False)]


def review_signals(review_ids) -> dict[int, list[Signal]]:
    """The signals of each review, by id (an empty list for a review without any), in one
    query. For staff only."""
    reviews = reviews_with_signals(Review.objects.filter(pk__in=list(review_ids)))
    return {review.pk: signals_of(review) for review in reviews}


def reviews_to_check(queryset: QuerySet | None = None) -> QuerySet:
    """Reviews with at least one signal that staff have neither cleared nor hidden: the
    "Reviews to check" queue. Annotated as `reviews_with_signals`."""
    queryset = reviews_with_signals(queryset)
    any_signal = reduce(or_, (Q(**{name: True}) for name in _signal_expressions()))
    return queryset.filter(any_signal, checked_at__isnull=True, is_hidden=False)


@dataclass(frozen=True)
class ReviewPage:
    """A review's own public page: the review (with author, service and freelancer
    loaded), whether its service is public (to link it), and the job's dates, which make it
    a verified hire: every review belongs to a job its client completed here. The job's
    own row (its private message) is never loaded."""

    review: Review
    service_is_public: bool
    requested_at: datetime
    completed_at: datetime | None


def review_get_for_page(*, pk: int) -> ReviewPage:
    """A review that has a public page (Review.objects.with_public_page), in one query;
    404 for a hidden one, one of a suspended freelancer or service, or none at all."""
    try:
        review = (
            Review.objects.with_public_page()
            .select_related("author", "service", "freelancer")
            .annotate(
                service_public=Exists(Service.objects.public().filter(pk=OuterRef("service_id"))),
                hire_requested_at=F("engagement__created_at"),
                hire_completed_at=F("engagement__completed_at"),
            )
            .get(pk=pk)
        )
    except Review.DoesNotExist:
        raise Http404("No such review.") from None
    return ReviewPage(
        review=review,
        service_is_public=review.service_public,
        requested_at=review.hire_requested_at,
        completed_at=review.hire_completed_at,
    )


def review_staff_search(*, queryset: QuerySet, term: str) -> QuerySet:
    """The admin's search of reviews (common.search.staff_search): an address finds its
    author's reviews; words, the reviews whose text holds them (the last one also as a
    word's start), through the text's search index. A substring search of the text, the
    service's title and the author's address over three tables read every review (1.9 s
    at half a million)."""
    return staff_search(queryset, term, address="author__email", matches=_text_holds)


def _text_holds(words: str) -> Q:
    query = prefix_search_query(words, configs=(TEXT_SEARCH_CONFIG,))
    return Q(SearchVectorExact(SearchVector("text", config=TEXT_SEARCH_CONFIG), query))
