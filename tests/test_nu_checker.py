"""The Nu Html Checker the browser journeys run on every page they check: it really runs,
and it reports the errors the journeys must not have (a test that cannot fail is none)."""

from datetime import UTC, datetime

from common.templatetags.formatting import machine_time
from tests.browser.nu_checker import html_errors

VALID = '<!doctype html><html lang="en"><head><title>A page</title></head><body><p>Hi</p>'


def test_a_valid_page_has_no_errors():
    assert html_errors([("/valid/", VALID)]) == []


def test_errors_name_the_page_and_what_is_wrong_in_one_run_for_many_pages():
    microseconds = VALID.replace(
        "<p>Hi</p>", '<time datetime="2026-11-30T03:28:21.991037+00:00">Nov 30</time>'
    )
    missing_form = VALID.replace("<p>Hi</p>", '<button form="nowhere">Go</button>')

    errors = html_errors([("/a/", VALID), ("/b/", microseconds), ("/c/", missing_form)])

    assert len(errors) == 2
    assert errors[0].startswith("/b/ line 1: Bad value “2026-11-30T03:28:21.991037+00:00”")
    assert "A fraction of a second must be one, two, or three digits." in errors[0]
    assert errors[1].startswith("/c/ line 1: The “form” attribute must refer to a form element.")


def test_the_times_pages_print_are_valid():
    """What `machine_time` prints passes where Django's "c" format failed."""
    moment = datetime(2026, 11, 30, 3, 28, 21, 991037, tzinfo=UTC)
    page = VALID.replace("<p>Hi</p>", f'<time datetime="{machine_time(moment)}">Nov 30</time>')

    assert html_errors([("/times/", page)]) == []
