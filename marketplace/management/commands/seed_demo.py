"""Demo data for a fresh `make run`: people to sign in as, freelancers with portfolios."""

from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace import demo
from profiles import actions as profile_actions
from profiles.models import User
from profiles.uploads import AVATAR, BANNER, COVER, check_pdf, process_image

DEMO_PASSWORD = "marketplace-demo"

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
        "articles": [],
    },
]


class Command(BaseCommand):
    help = "Load demo data. With --if-empty, do nothing when any user exists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed a database that has no users yet.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Demo data: the database already has users; skipped.")
            return
        with transaction.atomic():
            self._user("admin@example.com", "Site Admin", is_staff=True)
            self._user("client@example.com", "Casey Client")
            for spec in FREELANCERS:
                self._freelancer(spec)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        self.stdout.write(f"  admin@example.com / {DEMO_PASSWORD}  (staff: /admin/)")
        self.stdout.write(f"  client@example.com / {DEMO_PASSWORD}  (a client)")
        for spec in FREELANCERS:
            self.stdout.write(f"  {spec['email']} / {DEMO_PASSWORD}  (freelancer)")

    def _user(self, email, name, *, is_staff=False):
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "is_staff": is_staff, "is_superuser": is_staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _freelancer(self, spec):
        user = self._user(spec["email"], spec["name"])
        if hasattr(user, "profile"):
            return user.profile
        profile = profile_actions.profile_create(
            user=user, display_name=spec["name"], headline=spec["headline"]
        )
        initials = "".join(part[0] for part in spec["name"].split()[:2])
        start, end = spec["colors"]
        profile_actions.profile_update(
            profile=profile,
            changes={
                "about": spec["about"],
                "city": spec["city"],
                "country": spec["country"],
                "hourly_rate": Decimal(spec["rate"]),
                "avatar": process_image(demo.avatar(initials, start), AVATAR),
                "banner": process_image(demo.banner(start, end), BANNER),
                "resume": check_pdf(
                    demo.resume_pdf(
                        spec["name"],
                        [spec["headline"], f"{spec['city']}, {spec['country']}", spec["email"]],
                    )
                ),
            },
            skill_names=spec["skills"],
        )
        for title, body in spec["articles"]:
            profile_actions.article_create(
                profile=profile,
                title=title,
                body=body,
                cover=process_image(demo.banner(end, start), COVER),
                publish=True,
            )
        return profile
