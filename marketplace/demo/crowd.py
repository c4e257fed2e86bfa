"""The generated bulk of the demo: freelancers, clients, services, articles and hires made
from the word lists in `words` by a seeded random generator, so every run makes the same
marketplace. Plain data here (the shape of `data.FREELANCERS`); `load` writes it."""

import colorsys
import math
import random
import unicodedata
from dataclasses import dataclass, field

from marketplace.demo.words import (
    ABOUT,
    ARTICLE_TITLES,
    AUDIENCES,
    DESCRIPTION,
    FIELDS,
    OFFERS,
    PEOPLE,
    PROMISES,
    QUALIFIERS,
    REPLIES,
    REVIEWS,
    TITLES,
)
from services.models import Engagement, Service

SEED = 16
# The share of each final status among generated hire requests.
STATUS_WEIGHTS = {
    Engagement.Status.COMPLETED: 40,
    Engagement.Status.REQUESTED: 12,
    Engagement.Status.ACCEPTED: 12,
    Engagement.Status.DELIVERED: 10,
    Engagement.Status.DECLINED: 13,
    Engagement.Status.CANCELLED: 13,
}


@dataclass
class Crowd:
    """Everything generated: freelancer specs, client (email, name) pairs, hire specs
    (service title, client email, status, review, reply) and pending service specs."""

    freelancers: list[dict] = field(default_factory=list)
    clients: list[tuple[str, str]] = field(default_factory=list)
    hires: list[tuple] = field(default_factory=list)
    pending: list[tuple[str, dict]] = field(default_factory=list)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text.lower() if c.isalnum())


class _People:
    """Unique people with names and places that belong together."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def person(self, domain: str) -> dict:
        rng = self.rng
        while True:
            country, cities, given, family = rng.choice(PEOPLE)
            name = f"{rng.choice(given)} {rng.choice(family)}"
            if name not in self.taken:
                break
        self.taken.add(name)
        first, _, last = name.partition(" ")
        email = f"{_ascii(first)}.{_ascii(last)}@{domain}"
        return {"name": name, "email": email, "country": country, "city": rng.choice(cities)}


def _colors(rng: random.Random) -> tuple[tuple, tuple]:
    hue = rng.random()
    pair = []
    for shift, value in ((0, 0.62), (rng.uniform(0.08, 0.3), 0.45)):
        r, g, b = colorsys.hsv_to_rgb((hue + shift) % 1, rng.uniform(0.55, 0.85), value)
        pair.append((round(r * 255), round(g * 255), round(b * 255)))
    return pair[0], pair[1]


def _rate(rng: random.Random, low: int, high: int) -> str:
    rate = rng.randint(low, high)
    return f"{rate}.50" if rng.random() < 0.15 else str(rate - rate % 5 or rate)


def _fill(template: str, **words) -> str:
    words |= {key.title(): value[:1].upper() + value[1:] for key, value in words.items()}
    return template.format(**words)


def _service(rng, leaf: str, base_rate: str, person: dict, taken: set[str]) -> dict:
    subjects, skills = OFFERS[leaf]
    while True:
        subject = rng.choice(subjects)
        title = _fill(
            rng.choice(TITLES),
            subject=subject,
            audience=rng.choice(AUDIENCES),
            qualifier=rng.choice(QUALIFIERS),
            promise=rng.choice(PROMISES),
        )
        title = title[:1].upper() + title[1:]
        if title not in taken:
            break
    taken.add(title)
    words = {
        "subject": subject,
        "audience": rng.choice(AUDIENCES),
        "years": str(rng.randint(3, 18)),
        "skill": rng.choice(skills).lower(),
        "country": person["country"],
    }
    sentences = [_fill(sentence, **words) for sentence in DESCRIPTION]
    description = "\n\n".join([" ".join(sentences[:2]), sentences[2], " ".join(sentences[3:])])
    rate = max(float(base_rate) + rng.choice((-5, 0, 0, 5, 10)), 5)
    return {
        "title": title,
        "category": leaf,
        "rate": f"{rate:g}",
        "from": str(rng.choice((0, 0, 25, 50, 100, 150, 250, 500))),
        "engagement": rng.choice(Service.EngagementType.values),
        "skills": rng.sample(skills, k=min(len(skills), rng.randint(2, 3))),
        "description": description,
    }


def _article(rng, subject: str, person: dict) -> tuple[str, str]:
    title = _fill(rng.choice(ARTICLE_TITLES), subject=subject, n=str(rng.randint(12, 90)))
    body = (
        f"Clients often ask me how I approach {subject}. Here is what works for me, "
        f"after years of projects from {person['city']}.\n\n"
        "## Start with the brief\n\nA short call saves days of rework: who is it for, "
        "what does success look like, and when is it due?\n\n"
        "## What I check every time\n\n- the audience\n- the deadline\n- the budget\n"
        "- who approves the work\n\n"
        "## In the end\n\n**Small, early drafts** beat one big reveal."
    )
    return title, body


def _freelancer(rng, people: _People, top: str) -> dict:
    roles, (low, high) = FIELDS[top]
    person = people.person("demo.example")
    availability = rng.choices(["available", "busy", "away"], weights=[65, 22, 13])[0]
    return person | {
        "role": rng.choice(roles),
        "rate": _rate(rng, low, high),
        "colors": _colors(rng),
        "availability": availability,
        "away_days": rng.randint(5, 40) if availability == "away" else None,
        "services": [],
        "articles": [],
    }


def _finish(rng, spec: dict) -> None:
    """Headline, about, skills and articles, from the services the freelancer got."""
    subjects = [OFFERS[service["category"]][0][0] for service in spec["services"]]
    subject, subject2 = subjects[0], subjects[-1] if len(subjects) > 1 else "more"
    spec["headline"] = f"{spec['role'][:1].upper()}{spec['role'][1:]}: {subject} and {subject2}"
    words = {
        "role": spec["role"],
        "city": spec["city"],
        "country": spec["country"],
        "years": str(rng.randint(3, 20)),
        "audience": rng.choice(AUDIENCES),
        "subject": subject,
        "subject2": subject2,
    }
    about = [_fill(sentence, **words) for sentence in ABOUT]
    spec["about"] = f"{' '.join(about[:2])}\n\n{' '.join(about[2:])}"
    skills = [skill for service in spec["services"] for skill in service["skills"]]
    spec["skills"] = list(dict.fromkeys(skills))
    for _ in range(rng.choices([0, 1, 2], weights=[40, 45, 15])[0]):
        spec["articles"].append(_article(rng, rng.choice(subjects), spec))


def _hire(rng, service: dict, client: str) -> tuple:
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    review, reply = None, ""
    if status == Engagement.Status.COMPLETED and rng.random() < 0.85:
        rating = rng.choices([5, 4, 3, 2], weights=[55, 30, 10, 5])[0]
        subs = [min(5, max(1, rating + rng.choice((-1, 0, 0, 1)))) for _ in range(3)]
        review = (rating, *subs, rng.choice(REVIEWS[rating]))
        reply = rng.choice(REPLIES) if rng.random() < 0.45 else ""
    return (service["title"], client, status, review, reply, rng.randint(2, 80))


def generate(tree: list[tuple[str, list[str]]], *, scale: float = 1.0) -> Crowd:
    """The crowd for the category tree [(top slug, [leaf slugs])]: every leaf gets at
    least two services; `scale` shrinks or grows the numbers of people and hires."""
    rng = random.Random(SEED)
    people = _People(rng)
    crowd = Crowd()
    titles: set[str] = set()
    for top, leaves in tree:
        count = max(2, math.ceil(len(leaves) * 1.3 * scale))
        specs = [_freelancer(rng, people, top) for _ in range(count)]
        cursor = 0
        for leaf in leaves:
            for _ in range(max(2, round(rng.choice((2, 3, 3, 4)) * scale))):
                spec = specs[cursor % count]
                cursor += 1
                spec["services"].append(_service(rng, leaf, spec["rate"], spec, titles))
        for spec in specs:
            _finish(rng, spec)
        crowd.freelancers += specs
        owner = rng.choice(specs)
        crowd.pending.append(
            (owner["email"], _service(rng, rng.choice(leaves), owner["rate"], owner, titles))
        )
    for _ in range(max(3, round(14 * scale))):
        person = people.person("client.example")
        crowd.clients.append((person["email"], person["name"]))
    hirers = [email for email, _name in crowd.clients] + [
        spec["email"] for spec in crowd.freelancers[::4]
    ]
    for _ in range(max(len(STATUS_WEIGHTS) * 2, round(110 * scale))):
        owner = rng.choice(crowd.freelancers)
        service = rng.choice(owner["services"])
        client = rng.choice([email for email in hirers if email != owner["email"]])
        crowd.hires.append(_hire(rng, service, client))
    # Every status at least once, whatever the draw.
    for n, status in enumerate(STATUS_WEIGHTS):
        title, client, _status, _review, _reply, days = crowd.hires[n]
        crowd.hires[n] = (title, client, status, None, "", days)
    return crowd
