"""The random workloads of `make bench` (issue 17): searches made at run time from the
bench database's own words, browses by filters drawn from its own categories, skills and
rates, and the random service and profile pages of the long tail.

The words come from a random sample of published services (titles, skills and category
names, descriptions), so they follow the data's own frequencies: half the words are drawn
by occurrence (common words come up often, as people type them) and half from the distinct
words seen (the long tail of rare ones). Each query has one to three words (some a quoted
phrase taken from a title, some with the last word cut short, as typed into the box), with
or without a category filter, in any of the five sorts, on page 1, 2 or 3. The generator
is seeded (BENCH_SEED), so two runs on the same database ask the same questions.
"""

import os
import random
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

SEARCH_COUNT = int(os.environ.get("BENCH_SEARCHES", "500"))
SEED = int(os.environ.get("BENCH_SEED", "17"))
SORTS = ["relevance", "newest", "rate_asc", "rate_desc", "rating"]
SAMPLE_SERVICES = 2_000
WORD = re.compile(r"[a-z]{3,}")
# Words a search box ignores anyway (the English configuration's stop words).
STOP = {"and", "the", "with", "for", "you", "your", "have", "across", "many", "get", "every"}


def search_paths(psql: Callable[[str], str], *, count: int = SEARCH_COUNT) -> list[str]:
    """`count` search URLs made from the words of a random sample of published services."""
    rng = random.Random(SEED)
    sample = psql(
        "SELECT title || ' ' || keywords || ' ' || left(description, 300) "
        "FROM services_service WHERE status = 'published' "
        f"ORDER BY md5(id::text) LIMIT {SAMPLE_SERVICES}"
    ).splitlines()
    titles = psql(
        "SELECT title FROM services_service WHERE status = 'published' "
        f"ORDER BY md5(slug) LIMIT {SAMPLE_SERVICES // 4}"
    ).splitlines()
    occurrences = [w for text in sample for w in WORD.findall(text.lower()) if w not in STOP]
    distinct = sorted(set(occurrences))
    # Top categories and subcategories alike: the browse form takes either slug.
    categories = psql("SELECT slug FROM services_category ORDER BY id").split()
    paths = []
    for _ in range(count):
        params = {"q": _words(rng, occurrences, distinct, titles)}
        if rng.random() < 0.4:
            params["category"] = rng.choice(categories)
        params["sort"] = rng.choice(SORTS)
        page = rng.choices([1, 2, 3], weights=[6, 3, 2])[0]
        if page > 1:
            params["page"] = str(page)
        paths.append("/services/?" + urllib.parse.urlencode(params))
    return paths


def _words(rng, occurrences, distinct, titles) -> str:
    kind = rng.random()
    if kind < 0.12:  # a phrase from a title
        words = WORD.findall(rng.choice(titles).lower())
        start = rng.randrange(max(1, len(words) - 1))
        return '"' + " ".join(words[start : start + 2]) + '"'
    picked = [
        rng.choice(occurrences) if rng.random() < 0.5 else rng.choice(distinct)
        for _ in range(rng.choices([1, 2, 3], weights=[5, 4, 2])[0])
    ]
    if kind > 0.88 and len(picked[-1]) > 4:  # typed halfway: the start of a word
        picked[-1] = picked[-1][: rng.randrange(3, len(picked[-1]))]
    return " ".join(picked)


def browse_paths(psql: Callable[[str], str], *, count: int = SEARCH_COUNT) -> list[str]:
    """`count` browse URLs without words: each filter drawn at random from the data (a
    category, top or sub, in 60 %; an approved skill a published service has, in 35 %; a
    minimum and a maximum rate, each in 40 %, from the rates services ask, the maximum
    never below the minimum; a minimum rating in 35 %), any sort, pages 1-3 and now and
    then 7."""
    rng = random.Random(SEED + 1)
    categories = psql("SELECT slug FROM services_category ORDER BY id").split()
    skills = psql(
        "SELECT s.slug FROM profiles_skill s WHERE s.approved AND EXISTS (SELECT 1 FROM "
        "services_service_skills t WHERE t.skill_id = s.id) ORDER BY md5(s.slug) LIMIT 200"
    ).split()
    rates = [
        float(r)
        for r in psql(
            "SELECT DISTINCT hourly_rate FROM (SELECT hourly_rate FROM services_service "
            f"WHERE status = 'published' ORDER BY md5(id::text) LIMIT {SAMPLE_SERVICES}) r"
        ).split()
    ]
    paths = []
    for _ in range(count):
        params = {}
        if rng.random() < 0.6:
            params["category"] = rng.choice(categories)
        if skills and rng.random() < 0.35:
            params["skill"] = rng.choice(skills)
        low = rng.choice(rates) if rng.random() < 0.4 else None
        if low is not None:
            params["min_rate"] = f"{low:g}"
        if rng.random() < 0.4:
            params["max_rate"] = f"{rng.choice([r for r in rates if low is None or r >= low]):g}"
        if rng.random() < 0.35:
            params["rating"] = str(rng.choice([2, 3, 4]))
        params["sort"] = rng.choice(SORTS[1:])  # best match needs words
        page = rng.choices([1, 2, 3, 7], weights=[6, 3, 2, 1])[0]
        if page > 1:
            params["page"] = str(page)
        paths.append("/services/?" + urllib.parse.urlencode(params))
    return paths


def lua_script(paths: list[str], name: str) -> Path:
    """A wrk script that requests one of `paths` at random each time."""
    script = Path(os.environ.get("TMPDIR", "/tmp")) / f"marketplace-bench-{name}.lua"
    quoted = ",".join('"' + urllib.parse.quote(p, safe="/?=&:+%") + '"' for p in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\n"
        "request = function()\n"
        '  return wrk.format("GET", paths[math.random(#paths)])\n'
        "end\n"
    )
    return script
