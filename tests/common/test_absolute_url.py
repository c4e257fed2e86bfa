"""Links to files in page metadata are absolute, wherever the files are served from."""

from django.test import RequestFactory

from common.templatetags.formatting import absolute_url


def test_a_path_on_this_site_gets_the_sites_origin():
    request = RequestFactory().get("/")

    assert absolute_url("/media/a.webp", request) == "http://testserver/media/a.webp"


def test_a_url_already_absolute_is_kept_as_it_is():
    request = RequestFactory().get("/")
    bucket = "https://files.example.net/public/profiles/avatars/a.webp"

    assert absolute_url(bucket, request) == bucket


def test_no_url_gives_nothing():
    assert absolute_url("", RequestFactory().get("/")) == ""
