"""The words benchmark data is made of: a skewed frequency, so that some search words are
common (in a large share of services) and others rare, as in real listings."""

import itertools
import random

# fmt: off
TOPICS = [
    "news", "blog", "article", "copy", "seo", "logo", "brand", "website", "django", "python",
    "react", "mobile", "app", "database", "postgresql", "security", "data", "analysis",
    "excel", "bookkeeping", "tax", "contract", "patent", "translation", "spanish", "german",
    "french", "japanese", "resume", "grant", "proposal", "ebook", "video", "animation",
    "illustration", "poster", "podcast", "newsletter", "email", "social", "instagram",
    "tiktok", "research", "survey", "transcription", "support", "tutoring", "math", "physics",
    "chemistry", "course", "cad", "architecture", "interior", "structural", "wordpress",
    "shopify", "api", "cloud", "devops", "kubernetes", "rust", "golang", "java", "testing",
]
ACTIONS = [
    "writing", "editing", "design", "development", "consulting", "optimization", "audit",
    "strategy", "production", "setup", "migration", "review", "coaching", "management",
]
QUALIFIERS = [
    "professional", "fast", "affordable", "expert", "creative", "reliable", "detailed",
    "modern", "friendly", "senior", "certified", "bilingual", "technical", "custom",
]
SENTENCES = [
    "I deliver clear results on time with careful communication and a focus on quality.",
    "Every project starts with a short call to understand your goals, audience and budget.",
    "You get drafts early, unlimited small revisions and a final handover with notes.",
    "I have worked with startups, agencies, universities and nonprofits across many fields.",
]
FILLER = " ".join(SENTENCES).split()
# fmt: on
RARE_WORDS = [f"{a}{b}" for a in ("zyl", "quor", "vex", "mirth", "plon") for b in range(200)]
SKILL_WORDS = [f"{topic.title()} {action.title()}" for topic in TOPICS for action in ACTIONS]


# Zipf-like weights: the first topics far more often than the last, a long tail.
# The most common topic is in about one service in five, the rarest in a few hundred.
TOPIC_WEIGHTS = list(itertools.accumulate(1 / (rank + 6) for rank in range(len(TOPICS))))


def topics(rng: random.Random, k: int) -> list[str]:
    return rng.choices(TOPICS, cum_weights=TOPIC_WEIGHTS, k=k)
