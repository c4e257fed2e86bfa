"""Skill names: created on first use, approved by staff before public pages show them."""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.audit import record_decision
from common.cache import all_public_pages_changed
from common.slugs import save_with_unique_slug
from profiles.models import Skill
from profiles.search_words import skills_changed_reindex_after_commit


def normalise_skill_name(name: str) -> str:
    """Collapse white space; all-lowercase input gets capitalised words ("news writing")."""
    name = re.sub(r"\s+", " ", name).strip()
    return (
        " ".join(word[:1].upper() + word[1:] for word in name.split()) if name.islower() else name
    )


@transaction.atomic
def skill_get_or_create(*, name: str) -> Skill:
    """The skill called `name` regardless of case and spacing, created if new: a new name
    waits for staff (approved False) before public pages show it."""
    name = normalise_skill_name(name)
    if not name:
        raise ValidationError({"skills": "A skill needs a name."})
    if len(name) > Skill._meta.get_field("name").max_length:
        raise ValidationError({"skills": f"“{name[:30]}…” is too long for a skill."})
    if existing := Skill.objects.filter(name__iexact=name).first():
        return existing
    skill = Skill(name=name, approved=False)
    try:
        save_with_unique_slug(skill, text=name, scope=Skill.objects.all(), fallback="skill")
    except IntegrityError:
        # Someone added the same skill a moment ago.
        return Skill.objects.get(name__iexact=name)
    return skill


def skills_from_names(names: Iterable[str]) -> list[Skill]:
    """The skills for these names, created where new, each once."""
    seen: dict[str, Skill] = {}
    for name in names:
        skill = skill_get_or_create(name=name)
        seen[skill.name.lower()] = skill
    return list(seen.values())


def set_skills(row, names: Iterable[str]) -> None:
    """Give `row` (a profile or a service) the skills named, created where new. If that
    changes them, the row's `updated_at` moves on too, so an edit opened before sees it."""
    skills = skills_from_names(names)
    if {skill.pk for skill in skills} != set(row.skills.values_list("pk", flat=True)):
        row.skills.set(skills)
        row.save(update_fields=["updated_at"])


@transaction.atomic
def skill_approve(*, skill: Skill, moderator) -> Skill:
    """Staff let a new skill name into the vocabulary: public pages show it from now on
    (every cached page is dropped on commit), and the directory finds the profiles that
    have it (after commit). Logged."""
    if Skill.objects.filter(pk=skill.pk, approved=False).update(approved=True):
        record_decision(moderator=moderator, obj=skill, decision="Approved")
        all_public_pages_changed()
        skills_changed_reindex_after_commit([skill.pk])
    return Skill.objects.get(pk=skill.pk)


def skills_approve_with(row) -> None:
    """Staff approved `row` (a service) as it stands, so the new skill names it carries
    are approved with it; every cached page is dropped on commit if any was new, and the
    profiles with those names are reindexed after it."""
    new = list(row.skills.filter(approved=False).values_list("pk", flat=True))
    if new and Skill.objects.filter(pk__in=new, approved=False).update(approved=True):
        all_public_pages_changed()
        skills_changed_reindex_after_commit(new)
