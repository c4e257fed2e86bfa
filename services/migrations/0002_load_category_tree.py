"""The category tree the marketplace starts with. Reversible: removes these categories."""

from django.db import migrations
from django.utils.text import slugify

TREE = [
    (
        "Writing & Translation",
        "Articles, copy, editing and translation by professional writers.",
        [
            "Articles & News",
            "Blogs & Web Content",
            "Copywriting",
            "Creative Writing",
            "Editing & Proofreading",
            "Ghostwriting",
            "Grants & Proposals",
            "Resumes & Cover Letters",
            "Technical Writing",
            "Translation & Localization",
        ],
    ),
    (
        "Programming & Development",
        "Websites, software, apps, databases and data.",
        [
            "Web Development & Design",
            "Programming & Software",
            "Mobile Application Development",
            "Database Design & Administration",
            "Information Security",
            "Data Analysis",
        ],
    ),
    (
        "Design & Art",
        "Interfaces, brands, illustration, print and motion.",
        [
            "User Interface Design",
            "Logo & Branding",
            "Illustration",
            "Print Design",
            "Video & Animation",
        ],
    ),
    (
        "Sales & Marketing",
        "Reach more customers through search, social and email.",
        ["SEO & SEM", "Social Media Marketing", "Email Marketing", "Market Research"],
    ),
    (
        "Administrative & Secretarial",
        "Reliable help with the work that keeps a business running.",
        ["Virtual Assistance", "Data Entry", "Transcription", "Customer Support"],
    ),
    (
        "Business & Finance",
        "Books, plans and numbers you can trust.",
        ["Accounting & Bookkeeping", "Business Plans", "Financial Analysis"],
    ),
    (
        "Engineering & Architecture",
        "Drawings, structures and spaces.",
        ["CAD Drafting", "Civil & Structural", "Architecture & Interior Design"],
    ),
    (
        "Education & Training",
        "Teaching, courses and language lessons.",
        ["Tutoring", "Course Design", "Language Lessons"],
    ),
    (
        "Legal",
        "Contracts and intellectual property.",
        ["Contracts", "Intellectual Property"],
    ),
]


def load(apps, schema_editor):
    Category = apps.get_model("services", "Category")
    for position, (name, description, children) in enumerate(TREE):
        parent = Category.objects.create(
            name=name, slug=slugify(name), description=description, position=position
        )
        for child_position, child in enumerate(children):
            Category.objects.create(
                parent=parent,
                name=child,
                slug=slugify(child),
                description=f"{child} in {name}.",
                position=child_position,
            )


def unload(apps, schema_editor):
    Category = apps.get_model("services", "Category")
    slugs = [slugify(name) for name, _description, _children in TREE]
    Category.objects.filter(parent__slug__in=slugs).delete()
    Category.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0001_categories_and_services")]

    operations = [migrations.RunPython(load, unload)]
