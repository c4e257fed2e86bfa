"""Reading a sitemap section whole: its pages are id ranges, and ids run past the first
range once earlier tests have made rows, so a row may sit on any page the index lists."""

import re

from tests.services.browsing import page_text


def locs(response) -> list[str]:
    return re.findall(r"<loc>([^<]*)</loc>", page_text(response))


def section_locs(client, section: str) -> list[str]:
    """Every address of `section` ("services", "freelancers"…), through the index's pages."""
    pages = [
        url.removeprefix("http://testserver")
        for url in locs(client.get("/sitemap.xml"))
        if f"/sitemap-{section}.xml" in url
    ]
    return [loc for path in pages for loc in locs(client.get(path.replace("&amp;", "&")))]
