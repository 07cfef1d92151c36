"""The names of countries and cities in other spellings, languages and scripts.

A country's names come from CLDR (its name in English and in the region's
languages), a city's from its GeoNames record (the alternate names in the
Latin script and in the region's scripts). Each name cites the source record it
was read from; search finds a record by any of them (`search_names`).
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import Keyed, KeyManager, apply_input_limits, check, exactly_one, on_field
from .places import City, Country
from .sources import Source


class Script(models.TextChoices):
    LATIN = "Latn", "Latin"
    KHMER = "Khmr", "Khmer"
    THAI = "Thai", "Thai"
    LAO = "Laoo", "Lao"
    MYANMAR = "Mymr", "Myanmar"


class PlaceNameQuerySet(models.QuerySet):
    def for_record(self):
        """A record's names as its page lists them: by script, then language and name."""
        return self.select_related("source").order_by("script", "language", "name", "pk")


class PlaceName(Keyed):
    """One name of a country or a city, as its source gives it."""

    country = models.ForeignKey(
        Country,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="names",
        help_text="The country so named.",
    )
    city = models.ForeignKey(
        City,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="names",
        help_text="The city so named.",
    )
    name = models.CharField(max_length=300, help_text="The name, as sources spell it.")
    language = models.CharField(
        max_length=12,
        blank=True,
        help_text="The language code the source gives (CLDR gives one; GeoNames' alternate "
        "names as kept here do not, so theirs is blank).",
    )
    script = models.CharField(
        max_length=4, choices=Script.choices, help_text="The script it is written in."
    )
    source = models.ForeignKey(
        Source,
        models.PROTECT,
        related_name="names",
        help_text="The source record the name is read from.",
    )

    objects = KeyManager.from_queryset(PlaceNameQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["script", "language", "name", "pk"]
        constraints = [
            check(
                exactly_one("country", "city"),
                "placename_exactly_one_record",
                "A name belongs to exactly one country or city.",
            ),
            check(
                Q(script__in=Script.values),
                "placename_script_valid",
                "Choose a script from the list.",
                "script",
            ),
            *(
                on_field(
                    models.UniqueConstraint(
                        fields=[field, "name", "language"],
                        condition=Q(**{f"{field}__isnull": False}),
                        name=f"placename_unique_{field}",
                        violation_error_message="This record already has this name "
                        "in this language.",
                    ),
                    "name",
                )
                for field in ("country", "city")
            ),
        ]
        indexes = [models.Index(fields=["city", "script"], name="placename_city_idx")]

    def __str__(self):
        return self.name


apply_input_limits(PlaceName)
