"""What "Download your data" holds, for a user who has everything: their data and files,
each review's public address, and nothing of anyone else's beyond what they can see."""

import pytest

from marketplace.models import DataExport
from tests.marketplace.exports import archive_of, build, document_of, everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def fran_has_everything(freelancer, client_user, other_freelancer):
    return everything(freelancer, client_user, other_freelancer)


@pytest.fixture
def archive(freelancer, fran_has_everything, django_capture_on_commit_callbacks):
    export = build(freelancer, django_capture_on_commit_callbacks)
    assert export.status == DataExport.Status.READY
    return archive_of(export)


def test_the_archive_holds_the_document_the_articles_and_exactly_the_users_own_files(archive):
    names = sorted(archive.namelist())
    files = {name: archive.read(name) for name in names if name.startswith("files/")}

    others = [name for name in names if not name.startswith("files/")]
    articles = sorted(name.split("-", 1)[1] for name in others if name.startswith("articles/"))
    assert articles == ["draft-notes.md", "how-i-report.md"]
    assert sorted(set(others) - {n for n in others if n.startswith("articles/")}) == [
        "README.txt",
        "data.json",
    ]
    assert sorted(files.values()) == sorted(
        [
            b"%PDF-FRAN-RESUME",
            b"FRAN-PHOTO",
            b"FRAN-BANNER",
            b"NEWS-BANNER",
            b"ARTICLE-COVER",
            b"FRAN-SENT-THIS",
        ]
    )


def test_nothing_private_of_the_other_party_is_in_it(archive, client_user):
    everything_in_it = b"".join(archive.read(name) for name in archive.namelist())

    assert b"CASEY-PRIVATE-FILE" not in everything_in_it
    assert client_user.email.encode() not in everything_in_it


def test_the_account_and_profile_are_there(archive, freelancer):
    document = document_of(archive)

    assert document["account"]["email"] == "fran@example.com"
    assert document["account"]["display_name"] == "Fran Freelancer"
    profile = document["profile"]
    assert profile["slug"] == "fran-freelancer"
    assert profile["url"] == "http://127.0.0.1:8000/freelancers/fran-freelancer/"
    assert archive.read(profile["photo"]) == b"FRAN-PHOTO"
    assert archive.read(profile["resume"]) == b"%PDF-FRAN-RESUME"
    assert profile["resume"].endswith("fran-freelancer-resume.pdf")


def test_services_and_articles_are_there_the_articles_in_markdown(archive):
    document = document_of(archive)

    [service] = document["services"]
    assert service["title"] == "News writing"
    assert service["url"] == "http://127.0.0.1:8000/services/news-writing/"
    assert archive.read(service["banner"]) == b"NEWS-BANNER"
    published, draft = document["articles"]
    assert (published["title"], draft["title"]) == ("How I report", "Draft notes")
    assert draft["url"] is None
    assert archive.read(published["markdown"]).decode() == (
        "# How I report\n\n# Sources\n\nI *always* check them.\n"
    )
    assert archive.read(published["cover"]) == b"ARTICLE-COVER"


def test_reviews_received_and_written_come_with_replies_and_public_addresses(
    archive, fran_has_everything
):
    document = document_of(archive)
    received, written = fran_has_everything["received"], fran_has_everything["written"]

    [got] = document["reviews_received"]
    assert got["public_url"] == f"http://127.0.0.1:8000/reviews/{received.pk}/"
    assert (got["author"], got["text"], got["reply"]) == (
        "Casey Client",
        "Superb reporting.",
        "Thanks!",
    )
    assert (got["rating"], got["quality"]) == (5, 4)
    [wrote] = document["reviews_written"]
    assert wrote["public_url"] == f"http://127.0.0.1:8000/reviews/{written.pk}/"
    assert (wrote["author"], wrote["freelancer"], wrote["text"]) == (
        "you",
        "Olga Other",
        "Olga edits well.",
    )


def test_hire_requests_come_with_their_messages_and_only_the_users_files(archive):
    document = document_of(archive)

    as_freelancer = [hire for hire in document["hire_requests"] if hire["you_are"] == "freelancer"]
    [job] = as_freelancer
    assert (job["other_party"], job["service"], job["status"]) == (
        "Casey Client",
        "News writing",
        "completed",
    )
    mine, theirs = job["messages"]
    assert (mine["author"], mine["text"]) == ("you", "Here is the draft.")
    assert archive.read(mine["attachments"][0]["file"]) == b"FRAN-SENT-THIS"
    assert (theirs["author"], theirs["text"]) == ("Casey Client", "My private notes.")
    assert theirs["attachments"] == [
        {"name": "casey-notes.txt", "content_type": "text/plain", "size": 18, "file": None}
    ]
    assert [hire["you_are"] for hire in document["hire_requests"]].count("client") == 1


def test_a_hidden_review_is_listed_without_a_public_address(
    freelancer, fran_has_everything, moderator, django_capture_on_commit_callbacks
):
    from reviews.actions import review_hide

    review_hide(review=fran_has_everything["received"], moderator=moderator, reason="Spam")

    document = document_of(archive_of(build(freelancer, django_capture_on_commit_callbacks)))

    [got] = document["reviews_received"]
    assert (got["public_url"], got["hidden_by_staff"], got["hidden_reason"]) == (
        None,
        True,
        "Spam",
    )


def test_the_other_partys_hidden_message_shows_as_the_thread_shows_it(
    freelancer, fran_has_everything, moderator, django_capture_on_commit_callbacks
):
    from services.actions import message_hide

    casey_message = fran_has_everything["job"].thread_messages.get(text="My private notes.")
    message_hide(message=casey_message, moderator=moderator, reason="Contact details")

    document = document_of(archive_of(build(freelancer, django_capture_on_commit_callbacks)))

    [job] = [hire for hire in document["hire_requests"] if hire["you_are"] == "freelancer"]
    hidden = job["messages"][1]
    assert (hidden["text"], hidden["hidden_reason"]) == (None, "Contact details")


def test_a_user_with_nothing_gets_an_archive_of_their_account_only(
    stranger, django_capture_on_commit_callbacks
):
    archive = archive_of(build(stranger, django_capture_on_commit_callbacks))
    document = document_of(archive)

    assert sorted(archive.namelist()) == ["README.txt", "data.json"]
    assert document["profile"] is None
    assert document["hire_requests"] == document["reviews_written"] == []
    assert document["missing_files"] == []


def test_a_file_that_cannot_be_read_is_left_out_and_listed(
    freelancer, fran_has_everything, django_capture_on_commit_callbacks
):
    freelancer.profile.banner.storage.delete(freelancer.profile.banner.name)

    document = document_of(archive_of(build(freelancer, django_capture_on_commit_callbacks)))

    assert document["missing_files"] == [document["profile"]["banner"]]


def test_the_content_is_read_in_the_same_number_of_queries_however_much_there_is(
    freelancer, fran_has_everything, client_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.exports.content import export_content
    from tests.marketplace.exports import attach
    from tests.reviews.factories import review_publish
    from tests.services.factories import ServiceFactory
    from tests.services.threads import MessageFactory

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export_content(user=freelancer)
        return len(captured)

    before = queries()
    for n in range(3):
        service = ServiceFactory(freelancer=freelancer.profile, title=f"More {n}")
        review = review_publish(service=service)
        message = MessageFactory(engagement=review.engagement, author=freelancer)
        attach(message, b"MORE", f"more-{n}.txt")

    assert queries() == before
