from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in
from tests.profiles.factories import SkillFactory
from tests.profiles.files import pdf_bytes, png_file

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_becomes_a_freelancer_and_builds_a_public_profile(
    page, live_server, visit, axe, client_user, tmp_path
):
    avatar = tmp_path / "me.png"
    avatar.write_bytes(png_file(size=(600, 600)).read())
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(pdf_bytes())
    # Skills the vocabulary has already: new names would wait for staff (README, Security).
    SkillFactory(name="News Writing")
    SkillFactory(name="Editing")
    sign_in(page, live_server, client_user)

    visit("/dashboard/")
    page.get_by_role("link", name="Become a freelancer").click()
    check_accessibility(page, axe)
    page.get_by_label("Name shown to clients").fill("Casey Writer")
    page.get_by_label("Headline (optional)").fill("Features editor")
    page.get_by_role("button", name="Create my profile").click()
    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()
    check_accessibility(page, axe)

    page.get_by_label("Hourly rate ($) (optional)").fill("42.50")
    page.get_by_label("Skills (optional)").fill("news writing, Editing")
    page.get_by_label("Photo (optional)").set_input_files(str(avatar))
    page.get_by_label("Resume (optional)").set_input_files(str(resume))
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_alt_text("Your current photo")).to_be_visible()

    visit("/dashboard/articles/new/")
    page.get_by_label("Title").fill("Editing a 5,000-word feature")
    page.get_by_label("Body").fill("## Cutting\n\nThe first cut is the **hardest**.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview strong")).to_have_text("hardest")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is saved")).to_be_visible()

    visit("/freelancers/casey-writer/")
    expect(page.get_by_role("heading", name="Casey Writer", level=1)).to_be_visible()
    expect(page.get_by_text("$42.50/hr")).to_be_visible()
    expect(page.get_by_role("link", name="News Writing")).to_be_visible()
    expect(page.get_by_role("link", name="Editing", exact=True)).to_be_visible()
    photo = page.locator("img.avatar--large")
    expect(photo).to_be_visible()
    # Loaded, not broken: the srcset's full 256 px rendition, drawn at 128 CSS px (2x).
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 128
    assert photo.evaluate("img => img.currentSrc").endswith(".webp")

    page.get_by_role("link", name="Editing a 5,000-word feature").click()
    expect(page.locator(".prose strong")).to_have_text("hardest")
    expect(page.get_by_text("1 min read")).to_be_visible()
    check_accessibility(page, axe)

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Resume").click()
    download = download_info.value
    assert download.suggested_filename == "casey-writer-resume.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
