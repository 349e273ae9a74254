"""Template filters for the public directory."""

import functools
import json
from urllib.parse import quote

import segno
from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import opening_hours, phone_numbers, punctuation
from ..opening_hours import describe_slot as describe
from ..opening_hours import format_time
from ..structured_data import organization
from ..translated_text import translated_text

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def pictogram(slug):
    """The pictogram of a type of aid (associations/includes/pictogram.html), beside its name.

    Rendered once per type of aid and process: a list page shows some forty of them, and the
    template's chain of tests cost more than the rest of a card.
    """
    return _pictogram(slug)


@functools.lru_cache(maxsize=64)
def _pictogram(slug):
    return render_to_string("associations/includes/pictogram.html", {"slug": slug})


@register.filter
def tel(number):
    """A phone number as a tel: URI: '03 20 00 00 00' -> '+33320000000'."""
    return phone_numbers.tel_uri_number(number)


@register.filter
def phone_link(number):
    """`{{ referent.phone|phone_link }}`: the number as a tel: link, left to right."""
    return phone_numbers.phone_link(number)


@register.filter(is_safe=True)
def phone_links(text):
    """A text an association wrote, escaped, its French phone numbers made tel: links."""
    return phone_numbers.link_phone_numbers(text)


@register.simple_tag
def list_separator():
    """Between the items of a list written in a template's loop: ", ", or "، " in Arabic."""
    return punctuation.list_separator()


@register.simple_tag
def semicolon():
    """Between items that hold commas themselves: " ; ", "; " in English, "؛ " in Arabic."""
    return punctuation.semicolon()


@register.simple_tag
def colon():
    """Between a label and its value: " : ", ": " in English and Arabic."""
    return punctuation.colon()


@register.filter(is_safe=True, needs_autoescape=True)
def join_list(items, autoescape=True):
    """`items|join_list`: the items, escaped, separated as the page's language does."""
    escape = conditional_escape if autoescape else str
    return mark_safe(punctuation.list_separator().join(escape(item) for item in items))


def _french_page():
    return (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE


@register.simple_tag
def french_attrs():
    """` lang="fr" dir="ltr"` on an element holding text written in French (a name, an address,
    directions) on an English or Arabic page, so that screen readers speak it in French and an
    Arabic page keeps it left to right ("27 rue …", not "rue … 27"); nothing on a French page."""
    return "" if _french_page() else mark_safe(' lang="fr" dir="ltr"')


@register.filter(is_safe=True, needs_autoescape=True)
def french(text, autoescape=True):
    """`{{ place.name|french }}`: a short text written in French, inside a sentence of another
    language, isolated as French (`<bdi lang="fr">`) on English and Arabic pages."""
    escaped = conditional_escape(text) if autoescape else text
    if _french_page() or not str(text):
        return mark_safe(escaped) if autoescape else escaped
    return format_html('<bdi lang="fr">{}</bdi>', escaped)


@register.filter
def long_date(day, with_weekday=False):
    """'1er octobre 2026': French writes the first day of a month as an ordinal."""
    return opening_hours.long_date(day, with_weekday)


@register.filter
def time_of_day(moment):
    """A time as residents read it: "9 h", "14 h 30" ("9:00", "14:30" in English)."""
    return format_time(moment)


@register.simple_tag
def status_moment(filterset):
    """What the cards' statuses speak of when the criteria ask about a day or a time: "Statut le
    mardi 8 décembre 2026 à 18 h"; nothing otherwise."""
    moment = filterset.asked_moment
    if moment is None:
        return ""
    values = {"day": long_date(moment.date(), with_weekday=True), "time": format_time(moment)}
    if filterset.criteria.get("heure") or moment == filterset.now:
        return _("Statut le %(day)s à %(time)s") % values
    return _("Statut le %(day)s") % values


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, filters kept: [{code, name, url, current}].

    Language switching is plain links, which work without JavaScript and can be shared. A page
    with one address for all languages (staff pages, errors) gets no links.
    """
    request = context["request"]
    query = request.GET.urlencode()
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": f"{url}?{query}" if query else url,
                "current": code == current,
            }
        )
    if len({link["url"] for link in links}) == 1:
        return []
    return links


@register.filter(is_safe=True, needs_autoescape=True)
def service_title(service, autoescape=True):
    """A service's heading: its name, written in French (marked so on other pages), or else
    its type of aid in the page's language."""
    if service.name:
        return french(service.name, autoescape)
    return conditional_escape(service.aid_type.label) if autoescape else service.aid_type.label


@register.filter
def in_language(instance, field):
    """`association|in_language:"description"`: the text in the reader's language, or in French."""
    return translated_text(instance, field)


@register.filter
def describe_slot(slot):
    """A slot's rule in plain French: "1er et 3e mardi du mois, de 14 h à 17 h"."""
    return describe(slot)


@register.filter
def osm_url(place):
    if place.latitude is not None:
        return (
            f"https://www.openstreetmap.org/?mlat={place.latitude}&mlon={place.longitude}"
            f"#map=18/{place.latitude}/{place.longitude}"
        )
    return "https://www.openstreetmap.org/search?query=" + quote(place.full_address)


@register.filter
def geo_uri(place):
    """The place as a geo: URI, which a phone opens in its map application; by its address
    ("geo:0,0?q=…", Android's form) when it has no coordinates."""
    if place.latitude is not None:
        label = quote(place.name, safe="")
        return (
            f"geo:{place.latitude},{place.longitude}?q={place.latitude},{place.longitude}({label})"
        )
    return "geo:0,0?q=" + quote(place.full_address, safe="")


@register.filter
def walking_route_url(place):
    """A walking route to the place on openstreetmap.org, from where the person will say; "" for
    a place without coordinates."""
    if place.latitude is None:
        return ""
    return (
        "https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot"
        f"&route=%3B{place.latitude}%2C{place.longitude}"
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full address on the host the page was asked on (a printed page's QR code)."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag
def qr_code(url, title=""):
    """`url` as a QR code, an SVG made on the server (segno) to put in the page: a printed page
    leads back to its live version."""
    svg = segno.make(url, error="m").svg_inline(
        scale=3, svgclass="qr-code", lineclass=None, title=title or url, omitsize=True
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@register.filter
def json_ld(data):
    """`data` (a dict) as a JSON-LD script, safe to embed in HTML."""
    text = json.dumps(data, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


@register.filter
def structured_data(listed, request):
    """schema.org JSON-LD for an association page."""
    return json_ld(organization(listed, request))
