"""What the services' pages tell search engines (schema.org JSON-LD), in the words the
pages show: the hourly rate and the "starting at" price are named as such."""

from common.structured_data import SCHEMA, breadcrumb_list

HOURLY_RATE = "Hourly rate"
STARTING_AT = "Starting at"


def _offer(service) -> dict:
    """The hourly rate, per hour; the "starting at" price, a minimum, only when there is one
    (a $0 minimum is not shown on the page either)."""
    prices = [
        {
            "@type": "UnitPriceSpecification",
            "name": HOURLY_RATE,
            "price": str(service.hourly_rate),
            "priceCurrency": "USD",
            "unitCode": "HUR",
            "unitText": "hour",
        }
    ]
    if service.starting_price:
        prices.append(
            {
                "@type": "PriceSpecification",
                "name": STARTING_AT,
                "minPrice": str(service.starting_price),
                "priceCurrency": "USD",
            }
        )
    return {"@type": "Offer", "priceCurrency": "USD", "priceSpecification": prices}


def service_json_ld(request, service, crumbs) -> list[dict]:
    """schema.org Service with its Offer, the breadcrumb, and the rating once there is one."""
    data = {
        "@context": SCHEMA,
        "@type": "Service",
        "name": service.title,
        "description": service.description[:500],
        "url": request.build_absolute_uri(service.get_absolute_url()),
        "category": service.category.name,
        "provider": {
            "@type": "Person",
            "name": service.freelancer.display_name,
            "url": request.build_absolute_uri(service.freelancer.get_absolute_url()),
        },
        "offers": _offer(service),
    }
    if service.review_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(service.rating_average),
            "reviewCount": service.review_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return [data, breadcrumb_list(request, crumbs)]
