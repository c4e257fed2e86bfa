"""What the freelancer's forms are sent, and the files the uploads leave behind."""

import re

# The smaller copies stored beside an image (common.files.smaller_rendition_name).
SMALLER_COPY = re.compile(r"-\d+w\.webp$")


def files_under(root, *, copies=False):
    """The files stored under `root`; without the images' smaller copies unless `copies`
    (tests/profiles/test_image_renditions.py follows those)."""
    found = sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
    return found if copies else [path for path in found if not SMALLER_COPY.search(path.name)]


def profile_data(**overrides):
    """A complete, valid profile form submission."""
    data = {
        "display_name": "Fran Freelancer",
        "headline": "Investigative journalist",
        "about": "I dig into public records.",
        "country": "Portugal",
        "city": "Lisbon",
        "hourly_rate": "30",
        "availability": "available",
        "away_until": "",
        "skills": "",
        "resume_visibility": "everyone",
    }
    return data | overrides
