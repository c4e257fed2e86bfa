"""Who and what the demo holds: the people to sign in as, the freelancers with their
services and articles, the hires between them, and what waits for the moderators."""

from services.models import Engagement, Service

DEMO_PASSWORD = "marketplace-demo"
# The demo staff's authenticator app secret (base32): fixed and printed, so that a newcomer
# can sign in to the admin. Never use a known secret for a real account.
DEMO_TOTP_SECRET = "MARKETPLACEDEMOSTAFFTOTPSECRETAA"
STAFF = ["admin@example.com", "moderator@example.com"]
CLIENTS = [
    ("client@example.com", "Casey Client"),
    ("priya@example.com", "Priya Shah"),
    ("tom@example.com", "Tom Becker"),
]
# A review for the staff's "Reviews to check": a client whose only hire was accepted and
# completed within the hour, with no message exchanged, then five stars.
SUSPECT = ("jules.fast@example.com", "Jules Fast")
SUSPECT_HIRE = "Editorial illustration"
SUSPECT_REVIEW = (5, 5, 5, 5, "Best freelancer ever!!! Fast and perfect, recommend to everyone.")
# (service title, client index, final status, review (rating, sub-ratings, text), reply)
HIRES = [
    (
        "Django web application development",
        0,
        Engagement.Status.COMPLETED,
        (5, 5, 5, 4, "Mateo rebuilt our booking system in three weeks. Clear, fast, tested."),
        "Thank you, Casey. It was a pleasure to work on such a well-run project.",
    ),
    (
        "Django web application development",
        1,
        Engagement.Status.COMPLETED,
        (4, 4, 5, 4, "Solid work on our API; one deadline slipped by a day, but he warned us."),
        "",
    ),
    (
        "PostgreSQL performance tuning",
        2,
        Engagement.Status.COMPLETED,
        (5, 5, 5, 5, "Our slowest report went from 40 seconds to under one. Worth every cent."),
        "Glad it helped! Ping me when the data doubles.",
    ),
    (
        "Logo and brand identity design",
        0,
        Engagement.Status.COMPLETED,
        (4, 5, 4, 4, "Lovely logo and a useful brand guide. Took one extra round to settle."),
        "Thanks Casey. That extra round made it better!",
    ),
    ("Logo and brand identity design", 1, Engagement.Status.ACCEPTED, None, ""),
    ("Editorial illustration", 0, Engagement.Status.DELIVERED, None, ""),
    ("Editorial illustration", 2, Engagement.Status.REQUESTED, None, ""),
    ("PostgreSQL performance tuning", 0, Engagement.Status.DECLINED, None, ""),
    ("Editorial illustration", 1, Engagement.Status.CANCELLED, None, ""),
]

FREELANCERS = [
    {
        "email": "dana@example.com",
        "name": "Dana Whitfield",
        "headline": "Investigative journalist and news writer",
        "about": (
            "Fifteen years in newsrooms, from local papers to international desks. I dig "
            "into documents, find the people who know, and write stories that hold up.\n\n"
            "I write news, long-form features and magazine pieces, and I edit other "
            "people's copy with care."
        ),
        "city": "London",
        "country": "United Kingdom",
        "rate": "30",
        "skills": [
            "Investigative Reporting",
            "Journalistic Writing",
            "Magazine Articles",
            "News Writing",
            "Newspaper",
        ],
        "colors": ((15, 118, 110), (180, 83, 9)),
        "services": [
            {
                "title": "China will support Russia",
                "category": "articles-news",
                "rate": "30",
                "from": "25",
                "engagement": Service.EngagementType.ONGOING,
                "skills": [
                    "Investigative Reporting",
                    "Journalistic Writing",
                    "Magazine Articles",
                    "News Writing",
                    "Newspaper",
                ],
                "description": (
                    "A reported news analysis of how and why Beijing backs Moscow: trade, "
                    "energy, diplomacy and what each side gains.\n\n"
                    "I work from primary sources (customs data, official statements, "
                    "court and company filings) and interviews with analysts, and I write "
                    "for your readers: clear, sourced, and on deadline.\n\n"
                    "Ideal for news sites, newsletters and magazines that need a reliable "
                    "international-affairs writer week after week."
                ),
            },
            {
                "title": "Long-form magazine features, reported and written",
                "category": "articles-news",
                "rate": "45",
                "from": "400",
                "engagement": Service.EngagementType.ONE_OFF,
                "skills": ["Magazine Articles", "Investigative Reporting"],
                "description": "Features of 2,000 to 6,000 words, from pitch to final edit.",
            },
        ],
        "articles": [
            (
                "How we traced a shipping fraud through port records",
                "Port records are public, but nobody reads them. **We did.**\n\n"
                "## The lead\n\nA tip about ghost cargo led to six months of work...\n\n"
                "## What it took\n\n- 4,000 manifests\n- 12 interviews\n- one spreadsheet",
            ),
        ],
    },
    {
        "email": "mateo@example.com",
        "name": "Mateo Rossi",
        "headline": "Full-stack Django developer",
        "about": "I build and rescue Django applications: APIs, admin tools, payments.",
        "city": "Milan",
        "country": "Italy",
        "rate": "65",
        "skills": ["Django", "Python", "PostgreSQL", "Web Development"],
        "colors": ((30, 64, 175), (15, 118, 110)),
        "services": [
            {
                "title": "Django web application development",
                "category": "web-development-design",
                "rate": "65",
                "from": "500",
                "engagement": Service.EngagementType.ONGOING,
                "skills": ["Django", "Python", "PostgreSQL"],
                "description": "New Django apps, upgrades and performance work.",
            },
            {
                "title": "PostgreSQL performance tuning",
                "category": "database-design-administration",
                "rate": "80",
                "from": "300",
                "engagement": Service.EngagementType.ONE_OFF,
                "skills": ["PostgreSQL"],
                "description": "Slow queries found, explained and fixed: indexes, plans, schema.",
            },
        ],
        "articles": [
            (
                "Cutting a slow admin page from 4 seconds to 80 ms",
                "The culprit was an N+1 query in a `list_display` column.\n\n"
                "```python\nlist_select_related = ['customer']\n```\n\nOne line, 50x faster.",
            ),
        ],
    },
    {
        "email": "aiko@example.com",
        "name": "Aiko Tanaka",
        "headline": "Brand identity and logo designer",
        "about": "Logos, colour systems and brand guides for small companies.",
        "city": "Osaka",
        "country": "Japan",
        "rate": "27.50",
        "skills": ["Logo Design", "Branding", "Illustration"],
        "colors": ((190, 24, 93), (124, 58, 237)),
        "services": [
            {
                "title": "Logo and brand identity design",
                "category": "logo-branding",
                "rate": "27.50",
                "from": "150",
                "engagement": Service.EngagementType.ONE_OFF,
                "skills": ["Logo Design", "Branding"],
                "description": "A logo, a palette and a one-page brand guide, in three rounds.",
            },
            {
                "title": "Editorial illustration",
                "category": "illustration",
                "rate": "35",
                "from": "0",
                "engagement": Service.EngagementType.ONGOING,
                "skills": ["Illustration"],
                "description": "Illustrations for articles, newsletters and book covers.",
            },
        ],
        "articles": [],
    },
]


PENDING_SERVICES = ["Copy editing for newsletters", "Fact-checking for long reads"]
REPORTS = [
    "This review mentions the client's private phone number.",
    "I think this review was written by the freelancer's friend.",
]
