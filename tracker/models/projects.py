"""Smart-city projects and the organisations taking part in them."""

from django.db import models
from django.db.models import F, Prefetch, Q
from simple_history.models import HistoricalRecords

from ..urlcache import page_url
from .api_reads import ProjectApiReads
from .base import (
    Keyed,
    SlugManager,
    Tracked,
    apply_input_limits,
    check,
    dates_within_limits,
    in_choices,
    in_keys,
    unique,
)
from .meetings import AgendaItem
from .people import Organisation
from .places import City, Country


class FocusArea(models.TextChoices):
    CIVIC_SOCIAL = "civic_social", "civic and social"
    HEALTH = "health", "health and well-being"
    SAFETY = "safety", "safety and security"
    ENVIRONMENT = "environment", "quality environment"
    INFRASTRUCTURE = "infrastructure", "built infrastructure"
    INDUSTRY = "industry", "industry and innovation"


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    IN_DEVELOPMENT = "in_development", "in development"
    ACTIVE = "active", "active"
    COMPLETED = "completed", "completed"
    CANCELLED = "cancelled", "cancelled"


class ProjectQuerySet(ProjectApiReads, models.QuerySet):
    def for_list(self):
        return (
            self.select_related("city__country")
            .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
            .order_by("title", "pk")
        )

    def for_list_page(self):
        """`for_list()` as the list page shows it: only the columns of its table (the
        title, the city and its country, the countries named, the status and focus
        area), not every column of each project, city and country."""
        return (
            self.select_related("city__country")
            .only(
                "title",
                "slug",
                "status",
                "focus_area",
                "city__name",
                "city__slug",
                "city__country__name",
            )
            .prefetch_related(
                Prefetch("countries", queryset=Country.objects.only("name").order_by("name"))
            )
            .order_by("title", "pk")
        )

    def for_list_table(self):
        """`for_list_page()` with each project's named countries (by name) as a list,
        `named_countries`: a table reads them for every row, and
        `project.countries.all()` makes a manager and a queryset each time."""
        return (
            self.for_list_page()
            .prefetch_related(None)
            .prefetch_related(
                Prefetch(
                    "countries",
                    queryset=Country.objects.only("name").order_by("name"),
                    to_attr="named_countries",
                )
            )
        )

    def for_short_list(self):
        """Projects as a page's short list of them shows them (linked, with their
        city's name and their status): only those columns, by title."""
        return (
            self.select_related("city")
            .only("title", "slug", "status", "city__name", "city__slug")
            .order_by("title", "pk")
        )

    def for_detail(self):
        from .sources import Citation

        return self.select_related("city__country").prefetch_related(
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            Prefetch(
                "organisation_roles",
                queryset=ProjectOrganisation.objects.select_related("organisation").order_by(
                    "role", "organisation__name", "pk"
                ),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting").order_by(
                    "-meeting__start_date", "order", "pk"
                ),
            ),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )

    def in_country(self, country):
        """Projects of the country's cities, or naming the country."""
        from .places import City

        # the keys of each first: index scans, not an EXISTS for every project in order
        linked = Project.countries.through.objects.filter(country=country).values("project")
        return self.filter(
            in_keys("city", City.objects.filter(country=country)) | in_keys("pk", linked)
        )

    def in_country_parts(self, country):
        """`in_country(country)` in two disjoint parts, each counted from an index
        rather than the table: the projects of its cities (the city index alone), and
        those naming the country whose city is elsewhere or none (a few hundred)."""
        from .places import City

        cities = City.objects.filter(country=country)
        linked = Project.countries.through.objects.filter(country=country).values("project")
        return [
            self.filter(in_keys("city", cities)),
            self.filter(in_keys("pk", linked)).filter(
                Q(city__isnull=True) | ~in_keys("city", cities)
            ),
        ]


class Project(Tracked):
    """A smart-city project of one city, or a network initiative of none."""

    title = models.CharField(max_length=300, help_text="The title.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, help_text="The status.")
    focus_area = models.CharField(
        max_length=20,
        choices=FocusArea.choices,
        blank=True,
        help_text="One of the network's six focus areas.",
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text="Empty for a network-wide initiative.",
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="projects", help_text="The countries it concerns."
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="ProjectOrganisation",
        blank=True,
        related_name="projects",
        help_text="Its organisations.",
    )
    description = models.TextField(blank=True, help_text="A description.")
    planned_start = models.DateField(null=True, blank=True, help_text="The planned start.")
    planned_end = models.DateField(null=True, blank=True, help_text="The planned end.")
    actual_start = models.DateField(null=True, blank=True, help_text="The actual start.")
    actual_end = models.DateField(null=True, blank=True, help_text="The actual end.")

    objects = SlugManager.from_queryset(ProjectQuerySet)()
    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            *dates_within_limits(
                "project", "planned_start", "planned_end", "actual_start", "actual_end"
            ),
            check(
                in_choices("status", ProjectStatus),
                "project_status_valid",
                "Choose a project status from the list.",
                "status",
            ),
            check(
                in_choices("focus_area", FocusArea, blank=True),
                "project_focus_area_valid",
                "Choose a focus area from the list, or leave it empty.",
                "focus_area",
            ),
            check(
                Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_start__lte=F("planned_end")),
                "project_planned_start_before_end",
                "The planned end cannot come before the planned start.",
                "planned_end",
            ),
            check(
                Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_start__lte=F("actual_end")),
                "project_actual_start_before_end",
                "The actual end cannot come before the actual start.",
                "actual_end",
            ),
        ]
        indexes = [
            models.Index(fields=["title", "id"], name="project_list_order_idx"),
            # a project's city read with its key from the index alone: the projects
            # naming a country are checked for their city without their rows
            models.Index(fields=["id"], include=["city"], name="project_id_city_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url("tracker:project-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_network_initiative(self):
        return self.city_id is None


class ProjectRole(models.TextChoices):
    LEAD = "lead", "lead"
    PARTNER = "partner", "partner"
    FUNDER = "funder", "funder"
    IMPLEMENTER = "implementer", "implementer"


class ProjectOrganisation(Keyed):
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="organisation_roles",
        help_text="The project.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="project_roles",
        help_text="The organisation.",
    )
    role = models.CharField(max_length=20, choices=ProjectRole.choices, help_text="The role.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role", "pk"]
        constraints = [
            unique(
                ["project", "organisation", "role"],
                "project_organisation_unique",
                "This organisation already has this role in this project.",
                "organisation",
            ),
            check(
                in_choices("role", ProjectRole),
                "project_role_valid",
                "Choose a role from the list.",
                "role",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


for _model in (Project, ProjectOrganisation):
    apply_input_limits(_model)
