"""One-time submission tokens: a form sent twice finds what the first one created."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from common.forms import SubmissionTokenForm
from common.models import Submission
from common.submissions import submission_claim, submission_record
from profiles.models import Article, Skill
from tests.profiles.factories import SkillFactory

pytestmark = pytest.mark.django_db


def test_the_first_claim_of_a_token_goes_ahead_and_the_second_finds_its_object(client_user):
    token = uuid.uuid4()
    skill = SkillFactory(name="Editing")

    assert submission_claim(user_id=client_user.pk, token=token, model=Skill) is None
    submission_record(user_id=client_user.pk, token=token, obj=skill)

    assert submission_claim(user_id=client_user.pk, token=token, model=Skill) == skill
    assert Submission.objects.count() == 1


def test_a_token_is_one_users_own(client_user, stranger):
    token = uuid.uuid4()
    submission_claim(user_id=client_user.pk, token=token, model=Skill)
    submission_record(user_id=client_user.pk, token=token, obj=SkillFactory())

    assert submission_claim(user_id=stranger.pk, token=token, model=Skill) is None


def test_a_token_that_made_something_else_or_something_gone_is_refused(client_user):
    token = uuid.uuid4()
    skill = SkillFactory()
    submission_claim(user_id=client_user.pk, token=token, model=Skill)
    submission_record(user_id=client_user.pk, token=token, obj=skill)

    with pytest.raises(ValidationError, match="already sent"):
        submission_claim(user_id=client_user.pk, token=token, model=Article)
    skill.delete()
    with pytest.raises(ValidationError, match="already sent"):
        submission_claim(user_id=client_user.pk, token=token, model=Skill)


def test_without_a_token_nothing_is_claimed(client_user):
    assert submission_claim(user_id=client_user.pk, token=None, model=Skill) is None
    assert Submission.objects.count() == 0


def test_each_empty_form_gets_a_new_hidden_token_and_a_resent_one_keeps_its_own():
    first, second = SubmissionTokenForm(), SubmissionTokenForm()
    token = str(uuid.uuid4())

    assert 'type="hidden"' in str(first["submission_token"])
    assert first["submission_token"].value() != second["submission_token"].value()
    resent = SubmissionTokenForm({"submission_token": token})
    assert resent.is_valid()
    assert resent.cleaned_data["submission_token"] == uuid.UUID(token)
    assert f'value="{token}"' in str(resent["submission_token"])


@pytest.mark.parametrize("sent", ["", "not-a-uuid"])
def test_a_missing_or_garbled_token_is_no_token_not_an_error(sent):
    form = SubmissionTokenForm({"submission_token": sent})

    assert form.is_valid()
    assert form.cleaned_data["submission_token"] is None
