import json
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, link_in, sign_in
from tests.reviews.factories import review_publish
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_freelancer_downloads_their_data_from_the_mailed_link_and_checks_a_review(
    page, live_server, visit, axe, freelancer, mailoutbox
):
    service = ServiceFactory(freelancer=freelancer.profile, title="News writing", slug="news")
    review = review_publish(service=service, rating=5, text="Sharp, sourced and on time.")
    sign_in(page, live_server, freelancer)

    visit("/dashboard/account/")
    page.get_by_role("link", name="Download your data").click()
    expect(page.get_by_role("heading", name="Download your data", level=1)).to_be_visible()
    check_accessibility(page, axe)
    page.get_by_role("button", name="Prepare my download").click()
    expect(page.get_by_text("We are preparing your download.")).to_be_visible()
    check_accessibility(page, axe)

    [mail] = [mail for mail in mailoutbox if "ready to download" in mail.subject]
    with page.expect_download() as download_info:
        page.evaluate("url => { window.location.href = url }", live_server.url + link_in(mail))
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        document = json.loads(archive.read("data.json"))
    [received] = document["reviews_received"]
    assert received["text"] == "Sharp, sourced and on time."

    # The address the export lists is the review's own public page, for anyone.
    review_path = urlsplit(received["public_url"]).path
    assert review_path == f"/reviews/{review.pk}/"
    visit(review_path)
    expect(page.get_by_role("heading", name="Review of Fran Freelancer")).to_be_visible()
    expect(page.get_by_text("Verified hire:")).to_be_visible()
    expect(page.get_by_text("Sharp, sourced and on time.")).to_be_visible()


def test_a_build_that_fails_says_why_and_trying_again_builds_it(
    page, live_server, visit, axe, freelancer, mailoutbox, monkeypatch
):
    from marketplace.exports import actions

    real, faults = actions.archive_store, [OSError("No space left on device")]

    def archive_store(**kwargs):
        if faults:
            raise faults.pop()
        return real(**kwargs)

    monkeypatch.setattr(actions, "archive_store", archive_store)
    sign_in(page, live_server, freelancer)

    visit("/dashboard/account/data/")
    page.get_by_role("button", name="Prepare my download").click()
    expect(page.get_by_text("Failed — try again.")).to_be_visible()
    expect(page.get_by_text("Our file storage did not answer")).to_be_visible()
    check_accessibility(page, axe)
    assert any("could not be prepared" in mail.body for mail in mailoutbox)

    page.get_by_role("button", name="try again").click()
    expect(page.get_by_role("link", name=re.compile(r"^Download \("))).to_be_visible()
    expect(page.get_by_text("Failed — try again.")).to_be_visible()  # the first stays listed
