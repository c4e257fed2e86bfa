"""has_contact_details: e-mail addresses, phone numbers and off-site chat apps, and the
everyday numbers that are none of them."""

import pytest

from common.contacts import has_contact_details


@pytest.mark.parametrize(
    "text",
    [
        "write to me at fran.k+jobs@example.co.uk",
        "call +44 20 7946 0958 after six",
        "my number is (555) 010-4477 ext 2",
        "add me on Telegram",
        "WhatsApp is easier",
        "https://t.me/franwrites",
        "wa.me/447700900123",
        "join https://discord.gg/abc",
        "my Skype is fran.w",
        "WeChat id: fran",
        "https://signal.me/#p/+447700900123",
    ],
)
def test_contact_details_are_found(text):
    assert has_contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "The deadline is 2026-01-15, budget $1,500,000.",
        "Chapter 12 of 300, 4,500 words",
        "a strong signal in the data",
        "see https://example.org/brief",
        "",
    ],
)
def test_everyday_text_is_not_flagged(text):
    assert not has_contact_details(text)
