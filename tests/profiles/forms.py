"""What the freelancer's forms are sent, and the files the uploads leave behind."""


def files_under(root):
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


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
