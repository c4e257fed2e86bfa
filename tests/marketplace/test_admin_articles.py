"""Articles edited in the admin: the public page shows what the saved body says."""

import pytest

from profiles.markdown import render_markdown
from tests.marketplace.moderation import change_url, page_text
from tests.profiles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_article_saved_in_the_admin_shows_the_public_what_its_body_says(
    mod_client, visitor, freelancer
):
    article = ArticleFactory(
        profile=freelancer.profile,
        title="Story",
        body="Old **words**.",
        body_html="<p>Old <strong>words</strong>.</p>",
    )

    response = mod_client.post(
        change_url(article),
        {
            "profile": freelancer.profile.pk,
            "title": "Story",
            "body": "New **words**.",
            "status": "published",
            "published_at_0": "2025-03-01",
            "published_at_1": "12:30:00",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    # Either the body stays the freelancer's, or what the public sees follows the new one.
    assert article.body_html == render_markdown(article.body)
    page = page_text(visitor.get(article.get_absolute_url()))
    assert ("New <strong>words</strong>" in page) == (article.body == "New **words**.")
