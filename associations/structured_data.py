"""schema.org description of an association page (JSON-LD), from public data only."""

SCHEMA_DAYS = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
]


def _hours(listed):
    specifications = []
    for service in listed.services:
        for slot in service.slot_list:
            # schema.org cannot say "1st Tuesday of the month": such slots are left out
            # rather than published as every week.
            if slot.weeks_of_month:
                continue
            specification = {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA_DAYS[slot.weekday],
                "opens": slot.opens_at.strftime("%H:%M"),
                "closes": slot.closes_at.strftime("%H:%M"),
            }
            if slot.valid_from:
                specification["validFrom"] = slot.valid_from.isoformat()
            if slot.valid_until:
                specification["validThrough"] = slot.valid_until.isoformat()
            specifications.append(specification)
    for closure in listed.coming_closures:
        if closure.service_id is None:
            specifications.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "opens": "00:00",
                    "closes": "00:00",
                    "validFrom": closure.starts_on.isoformat(),
                    "validThrough": closure.ends_on.isoformat(),
                }
            )
    return specifications


def _place(place):
    data = {
        "@type": "Place",
        "name": place.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.address,
            "postalCode": place.postal_code,
            "addressLocality": place.city,
            "addressCountry": "FR",
        },
    }
    if place.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return data


def organization(listed, request):
    association = listed.association
    data = {
        "@context": "https://schema.org",
        "@type": "NGO",
        "name": association.name,
        "url": request.build_absolute_uri(association.get_absolute_url()),
        "location": [_place(place) for place in association.place_list],
        "openingHoursSpecification": _hours(listed),
    }
    optional = {
        "description": association.summary or association.description,
        "telephone": association.phone,
        "email": association.email,
        "sameAs": association.website,
    }
    data.update({key: value for key, value in optional.items() if value})
    if association.last_checked_on:
        data["dateModified"] = association.last_checked_on.isoformat()
    data["contactPoint"] = [
        {
            "@type": "ContactPoint",
            "name": referent.name,
            **({"contactType": referent.role} if referent.role else {}),
            **({"telephone": referent.phone} if referent.phone else {}),
            **({"email": referent.email} if referent.email else {}),
        }
        for referent in association.public_referents
    ]
    return data
