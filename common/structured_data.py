"""schema.org data shared by the apps' pages (JSON-LD, rendered by `{% json_ld %}`)."""

SCHEMA = "https://schema.org"


def breadcrumb_list(request, crumbs) -> dict:
    """A BreadcrumbList of (label, path) pairs, the same trail the page shows."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "name": label,
                "item": request.build_absolute_uri(path),
            }
            for number, (label, path) in enumerate(crumbs, start=1)
        ],
    }


def whole_seconds(moment) -> str:
    """An ISO 8601 time without the microseconds (schema.org and HTML readers expect
    seconds at most)."""
    return moment.replace(microsecond=0).isoformat()
