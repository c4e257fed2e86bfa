"""Fran signed in, and a draft article of hers."""

import pytest

from profiles.models import Article
from tests.profiles.factories import ArticleFactory


@pytest.fixture
def fran(client, freelancer):
    """The test client, signed in as Fran the freelancer."""
    client.force_login(freelancer)
    return client


@pytest.fixture
def fran_article(freelancer):
    return ArticleFactory(
        profile=freelancer.profile,
        title="Covering the election",
        slug="covering-the-election",
        status=Article.Status.DRAFT,
        published_at=None,
    )
