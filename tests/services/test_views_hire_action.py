"""Hiring is the main action: the filled button on the service page, a sticky bar on a
phone, and a way from the profile page to the freelancer's services."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _buttons(html):
    """(classes, text) of each button-styled link of the page's side card, in order."""
    aside = re.search(r'<aside class="side-card.*?</aside>', html, re.S).group(0)
    return [
        (classes, re.sub(r"\s+", " ", text).strip())
        for classes, text in re.findall(r'<a class="(button[^"]*)"[^>]*>(.*?)</a>', aside, re.S)
    ]


def _hire_bar(html):
    match = re.search(r'<div class="hire-bar">.*?</div>', html, re.S)
    return match.group(0) if match else None


@pytest.fixture
def service_with_resume(freelancer):
    profile = freelancer.profile
    profile.resume = "resumes/fran.pdf"
    profile.save()
    return ServiceFactory(freelancer=profile, title="News feature", starting_price=25)


def test_hire_is_the_filled_button_and_the_resume_the_secondary_one(
    client, client_user, service_with_resume
):
    client.force_login(client_user)

    html = client.get(service_with_resume.get_absolute_url()).content.decode()

    assert _buttons(html) == [
        ("button button--block", "Hire Fran Freelancer"),
        ("button button--secondary button--block", "Download Resume"),
    ]


def test_sign_in_to_hire_is_the_filled_button_for_a_visitor(client, service_with_resume):
    html = client.get(service_with_resume.get_absolute_url()).content.decode()

    assert _buttons(html)[0] == ("button button--block", "Sign in to hire")


def test_the_hire_bar_carries_the_price_and_an_anchor_to_the_hire_form(
    client, client_user, service_with_resume
):
    client.force_login(client_user)

    html = client.get(service_with_resume.get_absolute_url()).content.decode()

    bar = _hire_bar(html)
    assert "$30/hr" in bar
    assert "starting at $25" in bar  # the page's own words for that price
    assert '<a class="button" href="#hire">Hire</a>' in bar
    assert 'id="hire"' in html


def test_the_hire_bar_asks_a_visitor_to_sign_in(client, service_with_resume):
    url = service_with_resume.get_absolute_url()

    bar = _hire_bar(client.get(url).content.decode())

    assert f'href="{reverse("account_login")}?next={url}%23hire">Sign in to hire</a>' in bar


def test_the_owner_sees_no_hire_bar(client, freelancer, service_with_resume):
    client.force_login(freelancer)

    html = client.get(service_with_resume.get_absolute_url()).content.decode()

    assert _hire_bar(html) is None


def test_the_hire_bar_is_shown_only_at_phone_widths():
    text = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()

    assert ".hire-bar { display: none; }" in text
    phone = re.search(r"@media \(max-width: 40rem\) \{\s*\.hire-bar \{(.*?)\}", text, re.S)
    assert "position: sticky" in phone.group(1)
    assert "bottom: 0" in phone.group(1)


def test_the_profile_page_links_to_the_freelancers_services_to_hire(
    client, client_user, service_with_resume
):
    client.force_login(client_user)

    html = client.get(service_with_resume.freelancer.get_absolute_url()).content.decode()

    assert '<a class="button button--block" href="#services">Hire Fran Freelancer</a>' in html
    assert '<section class="section" id="services">' in html
    assert "News feature" in html


def test_the_profile_page_offers_no_hire_without_services(client, client_user, freelancer):
    client.force_login(client_user)

    html = client.get(freelancer.profile.get_absolute_url()).content.decode()

    assert 'href="#services"' not in html
