"""The freelancer's articles: who may touch them, writing, previewing, publishing, deleting,
slugs and the list's query count.
"""

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import Article
from tests.profiles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


ARTICLE_ACTIONS = [
    ("get", "profiles:article_edit"),
    ("post", "profiles:article_edit"),
    ("post", "profiles:article_publish"),
    ("post", "profiles:article_unpublish"),
    ("post", "profiles:article_delete"),
]


def _article_edit_data(**overrides):
    return {"title": "Hijacked", "body": "Hijacked body", "intent": "publish"} | overrides


@pytest.mark.parametrize(("method", "name"), ARTICLE_ACTIONS)
def test_another_freelancer_cannot_touch_frans_article(
    client, other_freelancer, fran_article, method, name
):
    client.force_login(other_freelancer)

    response = getattr(client, method)(
        reverse(name, kwargs={"pk": fran_article.pk}), _article_edit_data()
    )

    assert response.status_code == 404
    article = Article.objects.get(pk=fran_article.pk)
    assert article.title == "Covering the election"
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


@pytest.mark.parametrize(("method", "name"), ARTICLE_ACTIONS)
def test_stranger_is_sent_to_become_a_freelancer_and_changes_nothing(
    client, stranger, fran_article, method, name
):
    client.force_login(stranger)

    response = getattr(client, method)(
        reverse(name, kwargs={"pk": fran_article.pk}), _article_edit_data()
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:create")
    article = Article.objects.get(pk=fran_article.pk)
    assert article.title == "Covering the election"
    assert article.status == Article.Status.DRAFT


def test_another_freelancers_article_list_does_not_show_frans_articles(
    client, other_freelancer, fran_article
):
    client.force_login(other_freelancer)

    response = client.get(reverse("profiles:articles"))

    assert response.status_code == 200
    assert list(response.context["articles"]) == []
    assert b"Covering the election" not in response.content


def _post_article(client, url=None, **data):
    return client.post(url or reverse("profiles:article_create"), data)


def test_saving_a_new_article_makes_a_draft(fran, freelancer):
    response = _post_article(fran, title="My first piece", body="Some *words*.", intent="save")

    article = Article.objects.get(profile=freelancer.profile)
    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:article_edit", kwargs={"pk": article.pk})
    assert article.title == "My first piece"
    assert article.slug == "my-first-piece"
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.body_html == "<p>Some <em>words</em>.</p>"
    draft_url = article.get_absolute_url()
    assert Client().get(draft_url).status_code == 404
    assert fran.get(draft_url).status_code == 200


def test_previewing_an_article_saves_nothing_and_shows_it_sanitised(fran, freelancer):
    response = _post_article(
        fran,
        title="Preview me",
        body="Hello **there**\n\n<script>alert('owned')</script>",
        intent="preview",
    )

    assert response.status_code == 200
    assert not freelancer.profile.articles.exists()
    preview = response.context["preview"]
    assert "<strong>there</strong>" in preview
    assert "<script" not in preview
    assert b"<strong>there</strong>" in response.content
    assert b"<script>alert(" not in response.content


def test_article_form_with_errors_shows_them_and_saves_nothing(fran, freelancer):
    response = _post_article(fran, title="", body="Body", intent="publish")

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not freelancer.profile.articles.exists()


def test_publishing_a_new_article_sets_its_publication_date(fran, freelancer):
    _post_article(fran, title="Straight out", body="Text.", intent="publish")

    article = Article.objects.get(profile=freelancer.profile)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_publishing_a_draft_from_the_list_makes_it_public(fran, fran_article):
    response = fran.post(reverse("profiles:article_publish", kwargs={"pk": fran_article.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:articles")
    fran_article.refresh_from_db()
    assert fran_article.status == Article.Status.PUBLISHED
    assert fran_article.published_at is not None
    assert Client().get(fran_article.get_absolute_url()).status_code == 200


def test_unpublishing_an_article_makes_it_a_draft_and_its_page_404(fran, freelancer):
    article = ArticleFactory(profile=freelancer.profile, title="Live", slug="live")
    public = Client()
    assert public.get(article.get_absolute_url()).status_code == 200

    response = fran.post(reverse("profiles:article_unpublish", kwargs={"pk": article.pk}))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert public.get(article.get_absolute_url()).status_code == 404


def test_deleting_an_article_removes_it(fran, fran_article):
    response = fran.post(reverse("profiles:article_delete", kwargs={"pk": fran_article.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:articles")
    assert not Article.objects.filter(pk=fran_article.pk).exists()


@pytest.mark.parametrize("name", ["article_publish", "article_unpublish", "article_delete"])
def test_article_state_changes_refuse_get(fran, fran_article, name):
    response = fran.get(reverse(f"profiles:{name}", kwargs={"pk": fran_article.pk}))

    assert response.status_code == 405
    assert Article.objects.get(pk=fran_article.pk).status == Article.Status.DRAFT


def test_editing_an_article_keeps_its_slug_when_the_title_changes(fran, fran_article):
    url = reverse("profiles:article_edit", kwargs={"pk": fran_article.pk})

    response = _post_article(
        fran, url, title="Covering the recount", body="New *text*.", intent="save"
    )

    assert response.status_code == 302
    assert response["Location"] == url
    fran_article.refresh_from_db()
    assert fran_article.title == "Covering the recount"
    assert fran_article.slug == "covering-the-election"
    assert fran_article.body_html == "<p>New <em>text</em>.</p>"
    assert fran_article.status == Article.Status.DRAFT


def test_duplicate_title_in_the_same_profile_gets_another_slug(fran, freelancer, fran_article):
    _post_article(fran, title="Covering the election", body="Again.", intent="save")

    slugs = sorted(freelancer.profile.articles.values_list("slug", flat=True))
    assert slugs == ["covering-the-election", "covering-the-election-2"]


def test_same_title_in_another_profile_keeps_the_plain_slug(
    client, other_freelancer, fran_article
):
    client.force_login(other_freelancer)

    _post_article(client, title="Covering the election", body="Mine.", intent="save")

    assert other_freelancer.profile.articles.get().slug == "covering-the-election"


ARTICLE_LIST_QUERIES = 6  # with the header's count of unread threads


@pytest.mark.parametrize("count", [3, 6])
def test_article_list_query_count_does_not_grow_with_articles(
    fran, freelancer, django_assert_num_queries, count
):
    for n in range(count):
        ArticleFactory(profile=freelancer.profile, title=f"Piece {n}")
    ArticleFactory(
        profile=freelancer.profile, title="Draft piece", status="draft", published_at=None
    )

    with django_assert_num_queries(ARTICLE_LIST_QUERIES):
        response = fran.get(reverse("profiles:articles"))

    assert response.status_code == 200
    assert len(response.context["articles"]) == count + 1
    assert response.content.count(b'class="badge badge--published"') == count
    assert response.content.count(b'class="badge badge--draft"') == 1
    assert response.context["articles"][0].title == "Draft piece"
