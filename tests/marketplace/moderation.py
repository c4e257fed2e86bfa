"""A moderator's browser on the admin, and the public site they change.

Each decision is posted to the changelist like the admin's action form: `action` and
`_selected_action`; decisions with a reason first show the intermediate page, then post
again with `apply=1` and the `reason`.
"""

import csv
import io

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from profiles.actions import moderator_appoint
from services.models import Service
from tests.profiles.factories import UserFactory
from tests.services.factories import ServiceFactory
from tests.sitemaps import section_locs

S = Service.Status


REASON = "Copies another freelancer's listing word for word."


def appoint(email, name):
    return moderator_appoint(user=UserFactory(email=email, name=name, second_factor=True))


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def act(client, model, action, objects, **data):
    """Post the changelist's action form with these objects ticked."""
    return client.post(
        changelist_url(model),
        {"action": action, "index": "0", "_selected_action": [o.pk for o in objects], **data},
    )


def decide(client, model, action, objects, *, reason=REASON, **data):
    """A decision with a reason: the intermediate page, then the form sent with `apply`."""
    page = act(client, model, action, objects)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/decision_reason.html"
    return act(client, model, action, objects, apply="1", reason=reason, **data)


def messages_of(response):
    return [(str(m), m.level) for m in response.context["messages"]]


def page_text(response):
    return response.content.decode()


def public_titles(client, q=""):
    """Titles of the services the browse page finds (all of them, or for the query `q`)."""
    response = client.get(reverse("services:list"), {"q": q} if q else {})
    assert response.status_code == 200
    return {service.title for service in response.context["results"].page.object_list}


def sitemap_locs(client, section):
    """Every address of the sitemap's `section`, through all of its pages."""
    return set(section_locs(client, section))


def loc(obj):
    return f"http://testserver{obj.get_absolute_url()}"


def pending_service(freelancer, title="Zeppelin history features"):
    return ServiceFactory(
        freelancer=freelancer.profile, title=title, status=S.PENDING, published_at=None
    )


def published_service(freelancer, title="Zeppelin history features"):
    return ServiceFactory(freelancer=freelancer.profile, title=title)


def entries_of(obj):
    """The audit entries on `obj`, oldest first."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).order_by("action_time", "pk")
    )


def ratings_of(obj):
    obj.refresh_from_db()
    return obj.rating_average, obj.review_count


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))
