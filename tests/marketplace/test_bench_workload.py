"""The random browses of `make bench` (bench/workload.py): filters the browse form takes,
drawn from the data, the same on every run."""

from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

from bench import workload
from services.forms import ServiceFilterForm

ANSWERS = {
    "services_category": "writing-translation\narticles-news\ndesign-art",
    "profiles_skill": "fact-checking\nediting",
    "hourly_rate": "15.00\n45.00\n120.00",
}


def _psql(sql):
    return next(answer for table, answer in ANSWERS.items() if table in sql)


def test_every_browse_is_one_the_form_takes_whole():
    paths = workload.browse_paths(_psql, count=300)

    for path in paths:
        params = dict(parse_qsl(urlsplit(path).query))
        form = ServiceFilterForm(params)
        assert form.is_valid(), (path, form.errors)
        assert "q" not in params
        assert params["sort"] != "relevance"
        if "min_rate" in params and "max_rate" in params:
            assert Decimal(params["max_rate"]) >= Decimal(params["min_rate"])
    assert any("skill=" in path for path in paths)
    assert any("category=articles-news" in path for path in paths)
    assert workload.browse_paths(_psql, count=300) == paths  # seeded
