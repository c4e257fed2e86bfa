"""What a service's or a profile's reviews add up to, kept on its row (`review_figures`)
beside the rating average and count. The actions that change a review or a service's
status write it under the row's lock; the pages read it instead of aggregating the reviews
on every view."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def mean(total: int, count: int) -> Decimal | None:
    """total / count to two places, rounded half up; None when count is 0."""
    # Summed as integers and divided as Decimals: a float average would round x.xx5 down.
    if not count:
        return None
    return (Decimal(total) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ReviewFigures:
    """The visible reviews' star counts (`stars[0]` one star … `stars[4]` five), their
    distinct clients, sub-rating sums and first and latest dates, and the hidden ones
    counted by their category's value (the reviews app's Review.HiddenCategory)."""

    stars: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    clients: int = 0
    communication: int = 0
    quality: int = 0
    value: int = 0
    first_at: datetime | None = None
    latest_at: datetime | None = None
    hidden: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """How many reviews are visible."""
        return sum(self.stars)

    @property
    def total(self) -> int:
        """The visible reviews' stars added up."""
        return sum(stars * count for stars, count in enumerate(self.stars, start=1))

    @property
    def rating_average(self) -> Decimal:
        """The rating as the row stores it: 0.00 with no visible review."""
        return mean(self.total, self.count) or Decimal("0.00")

    def row_fields(self) -> dict:
        """The row's columns these figures fill: average, count and the figures."""
        return {
            "rating_average": self.rating_average,
            "review_count": self.count,
            "review_figures": self.as_json(),
        }

    def as_json(self) -> dict:
        return {
            "stars": list(self.stars),
            "clients": self.clients,
            "communication": self.communication,
            "quality": self.quality,
            "value": self.value,
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "latest_at": self.latest_at.isoformat() if self.latest_at else None,
            "hidden": self.hidden,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ReviewFigures":
        """The figures a row stores ({} for a row no review ever reached)."""
        if not data:
            return cls()
        first, latest = data["first_at"], data["latest_at"]
        return cls(
            stars=tuple(data["stars"]),
            clients=data["clients"],
            communication=data["communication"],
            quality=data["quality"],
            value=data["value"],
            first_at=datetime.fromisoformat(first) if first else None,
            latest_at=datetime.fromisoformat(latest) if latest else None,
            hidden=data["hidden"],
        )
