"""Generate realistic synthetic data at scale, on top of the source fixtures.

Every generated record cites one source, "Generated test data", so nobody
can take it for a fact; slugs and keys start with `gen-`. The same seed and
scale give the same data. At scale 1: 2,000 cities, 10,000 meetings, 200,000
participations, 30,000 statements and 50,000 projects, each with its
citation, inserted in bulk.
"""

import datetime
import random

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from tracker import models
from tracker.cache import bump

BATCH = 2000
PREFIX = "gen-"
SYLLABLES = [
    "ban",
    "kota",
    "nakhon",
    "thanh",
    "phu",
    "sri",
    "muang",
    "tan",
    "lam",
    "bang",
    "san",
    "pa",
    "nam",
    "chi",
    "hoa",
    "long",
    "mae",
    "ka",
    "ra",
    "si",
    "ma",
    "ja",
    "ya",
    "wa",
    "ta",
    "na",
    "pe",
    "lu",
    "bu",
    "ku",
    "to",
    "ri",
    "sa",
    "la",
]
BODIES = ("Agency", "Office", "Council", "Institute")
TOPICS = (
    "flood resilience",
    "smart mobility",
    "digital public services",
    "waste management",
    "clean energy",
    "urban heat",
    "public health data",
    "affordable housing",
    "water supply",
    "tourism management",
    "e-governance",
    "air quality",
)
GIVEN = [
    "Anh",
    "Budi",
    "Chan",
    "Dara",
    "Eka",
    "Farid",
    "Hanh",
    "Intan",
    "Joko",
    "Kiet",
    "Lina",
    "Minh",
    "Nur",
    "Putri",
    "Rizal",
    "Siti",
    "Tuan",
]
FAMILY = [
    "Nguyen",
    "Tan",
    "Lim",
    "Santos",
    "Wijaya",
    "Chea",
    "Sok",
    "Phan",
    "Reyes",
    "Lee",
    "Rahman",
    "Hassan",
    "Tran",
    "Ong",
    "Vong",
]


def chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def analyse():
    """Give the planner the new tables' statistics, as autovacuum would in time: without
    them it plans for empty tables (PostgreSQL then scanned all 10,000 meetings,
    recomputing each one's text vector, for a search: 150 ms instead of 2)."""
    with connection.cursor() as cursor:
        models_ = apps.get_app_config("tracker").get_models(include_auto_created=True)
        for table in sorted({m._meta.db_table for m in models_ if not m._meta.proxy}):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


class Command(BaseCommand):
    help = "Add seeded synthetic data at scale (cities, meetings, projects...), each record cited."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = 2,000 cities, 50,000 projects..."
        )
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier generated data first."
        )

    def handle(self, *args, scale, seed, replace, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        self.rng = random.Random(seed)
        self.progress = tqdm(total=0, unit="rows", disable=options["verbosity"] == 0)
        call_command("load_source_data", verbosity=0)
        with transaction.atomic():
            existing = models.Source.objects.filter(slug=f"{PREFIX}source").exists()
            if existing and not replace:
                raise CommandError("Generated data is already there: pass --replace to regenerate.")
            if existing:
                self.delete_generated()
            self.generate(scale)
        bump()  # bulk inserts send no signals: tell cached pages the data moved
        analyse()
        self.progress.close()
        self.stdout.write(self.style.SUCCESS(f"Generated {self.progress.n} rows at scale {scale}."))

    def save(self, model, objects):
        for batch in chunks(objects):
            model.objects.bulk_create(batch)
            self.progress.update(len(batch))
        return objects

    def delete_generated(self):
        generated = {"slug__startswith": PREFIX}
        models.Citation.objects.filter(source__slug=f"{PREFIX}source").delete()
        models.Meeting.objects.filter(parent__slug__startswith=PREFIX).update(parent=None)
        models.Meeting.objects.filter(**generated).delete()
        models.Statement.objects.filter(key__startswith=PREFIX).delete()
        models.Project.objects.filter(**generated).delete()
        models.Post.objects.filter(key__startswith=PREFIX).delete()
        models.Person.objects.filter(**generated).delete()
        models.CityMembership.objects.filter(key__startswith=PREFIX).delete()
        models.Place.objects.filter(**generated).delete()
        models.City.objects.filter(**generated).delete()
        models.MeetingSeries.objects.filter(**generated).delete()
        models.Organisation.objects.filter(parent__slug__startswith=PREFIX).update(parent=None)
        models.Organisation.objects.filter(**generated).delete()
        models.Source.objects.filter(**generated).delete()

    def generate(self, scale):
        """One pass per record type, in dependency order; the seed fixes every choice."""
        self.n = {
            "cities": int(2000 * scale),
            "organisations": int(600 * scale),
            "people": int(4000 * scale),
            "meetings": int(10000 * scale),
            "participations_per_meeting": 20,
            "statements_per_meeting": 3,
            "projects": int(50000 * scale),
        }
        self.source = models.Source.objects.create(
            slug=f"{PREFIX}source",
            title="Generated test data",
            publisher="ASCN Tracker data generator",
            kind=models.SourceKind.OFFICIAL_DOCUMENT,
            note="Synthetic records for load and scale testing. None of it is true.",
        )
        self.countries = list(models.Country.objects.order_by("code"))
        self.asean = [c for c in self.countries if c.is_asean_member]
        self.citations = []
        cities = self.generate_cities()
        self.generate_memberships(cities)
        organisations = self.generate_organisations()
        people = self.generate_people()
        post_of = self.generate_posts(people, organisations)
        meetings = self.generate_meetings(cities, organisations, people)
        self.generate_participations_and_statements(
            meetings, cities, organisations, people, post_of
        )
        self.generate_projects(cities, organisations)
        self.save(models.Citation, self.citations)

    def cite(self, field, records):
        """Cite each record to the generated source (the citations are saved last)."""
        for record in records:
            self.citations.append(
                models.Citation(
                    key=f"{PREFIX}cite-{field}-{record.pk}",
                    source=self.source,
                    note="Generated.",
                    **{field: record},
                )
            )

    def generate_cities(self):
        """Cities, their names unique within each country."""
        rng = self.rng
        used = set()
        cities = []
        for i in range(self.n["cities"]):
            country = self.asean[i % len(self.asean)]
            while True:
                name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).title()
                if (country.pk, name) not in used:
                    used.add((country.pk, name))
                    break
            cities.append(
                models.City(
                    name=name,
                    slug=f"{PREFIX}{name.lower()}-{i}",
                    country=country,
                    latitude=round(rng.uniform(-10, 25), 5),
                    longitude=round(rng.uniform(95, 140), 5),
                )
            )
        self.save(models.City, cities)
        self.cite("city", cities)
        return cities

    def generate_memberships(self, cities):
        """Each city joins once; one in twenty withdraws later."""
        rng = self.rng
        memberships = []
        for city in cities:
            joined = datetime.date(rng.randint(2018, 2025), rng.randint(1, 12), 1)
            status = (
                models.MembershipStatus.PILOT
                if joined.year == 2018
                else models.MembershipStatus.MEMBER
            )
            memberships.append(
                models.CityMembership(
                    key=f"{PREFIX}membership-{city.pk}-1",
                    city=city,
                    status=status,
                    date=joined,
                    date_precision=models.DatePrecision.MONTH,
                )
            )
            if rng.random() < 0.05:
                memberships.append(
                    models.CityMembership(
                        key=f"{PREFIX}membership-{city.pk}-2",
                        city=city,
                        status=models.MembershipStatus.WITHDRAWN,
                        date=joined + datetime.timedelta(days=rng.randint(200, 1500)),
                    )
                )
        self.save(models.CityMembership, memberships)
        self.cite("membership", memberships)

    def generate_organisations(self):
        rng = self.rng
        kinds = list(models.OrganisationKind.values)
        organisations = [
            models.Organisation(
                name=f"{rng.choice(TOPICS).title()} {rng.choice(BODIES)} {i}",
                slug=f"{PREFIX}organisation-{i}",
                kind=rng.choice(kinds),
                country=rng.choice(self.countries),
            )
            for i in range(self.n["organisations"])
        ]
        self.save(models.Organisation, organisations)
        self.cite("organisation", organisations)
        return organisations

    def generate_people(self):
        rng = self.rng
        people = []
        for i in range(self.n["people"]):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            people.append(
                models.Person(
                    name=f"{given} {family}",
                    sort_name=f"{family}, {given}",
                    slug=f"{PREFIX}{given.lower()}-{family.lower()}-{i}",
                    country=rng.choice(self.countries),
                )
            )
        self.save(models.Person, people)
        self.cite("person", people)
        return people

    def generate_posts(self, people, organisations):
        """One post per person; returns each person's post by the person's pk."""
        rng = self.rng
        posts = [
            models.Post(
                key=f"{PREFIX}post-{person.pk}",
                person=person,
                organisation=rng.choice(organisations),
                role=rng.choice(("Director", "Deputy Minister", "Mayor", "Chief Digital Officer")),
                start_date=datetime.date(rng.randint(2010, 2022), 1, 1),
                start_precision=models.DatePrecision.YEAR,
            )
            for person in people
        ]
        self.save(models.Post, posts)
        return {post.person_id: post for post in posts}

    def generate_meetings(self, cities, organisations, people):
        """A series of workshops, held online or at venues in the first 500 cities."""
        rng = self.rng
        series = models.MeetingSeries.objects.create(
            name="Generated Workshop Series", slug=f"{PREFIX}workshop-series"
        )
        places = self.save(
            models.Place,
            [
                models.Place(
                    name=f"{city.name} Convention Centre",
                    slug=f"{PREFIX}venue-{city.pk}",
                    kind=models.PlaceKind.VENUE,
                    country_id=city.country_id,
                    city=city,
                )
                for city in cities[:500]
            ],
        )
        meetings = []
        for i in range(self.n["meetings"]):
            start = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 11 * 365))
            mode = rng.choice(models.MeetingMode.values)
            status = (
                models.MeetingStatus.SCHEDULED
                if start > datetime.date(2026, 11, 1)
                else rng.choice(
                    (models.MeetingStatus.HELD,) * 9 + (models.MeetingStatus.CANCELLED,)
                )
            )
            meetings.append(
                models.Meeting(
                    title=f"Workshop on {rng.choice(TOPICS)} {i + 1}",
                    slug=f"{PREFIX}meeting-{i + 1}",
                    series=series,
                    ordinal=i + 1,
                    kind=rng.choice(models.MeetingKind.values),
                    status=status,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.choice((0, 0, 1, 2))),
                    mode=mode,
                    place=None if mode == models.MeetingMode.ONLINE else rng.choice(places),
                    host=rng.choice(organisations),
                    chair=rng.choice(people),
                    summary=f"A generated meeting on {rng.choice(TOPICS)}.",
                )
            )
        self.save(models.Meeting, meetings)
        self.cite("meeting", meetings)
        return meetings

    def pick_participant(self, taken, cities, organisations, people, post_of):
        """A participant and role not yet in `taken` (once per role in a meeting)."""
        rng = self.rng
        while True:
            pick = rng.random()
            participant = {}
            post = None
            if pick < 0.5:
                participant["person"] = person = rng.choice(people)
                post = post_of[person.pk]
            elif pick < 0.7:
                participant["organisation"] = rng.choice(organisations)
            elif pick < 0.85:
                participant["country"] = rng.choice(self.countries)
            else:
                participant["city"] = rng.choice(cities)
            role = rng.choice(models.ParticipantRole.values)
            [(kind, who)] = participant.items()
            if (kind, who.pk, role) not in taken:
                taken.add((kind, who.pk, role))
                return participant, role, post

    def generate_participations_and_statements(
        self, meetings, cities, organisations, people, post_of
    ):
        """Each meeting's participants, then its statements (one stream of choices)."""
        rng = self.rng
        participations = []
        statements = []
        for meeting in meetings:
            taken = set()
            for j in range(self.n["participations_per_meeting"]):
                participant, role, post = self.pick_participant(
                    taken, cities, organisations, people, post_of
                )
                participations.append(
                    models.Participation(
                        key=f"{PREFIX}participation-{meeting.pk}-{j}",
                        meeting=meeting,
                        role=role,
                        attendance=rng.choice(models.AttendanceMode.values),
                        post=post,
                        behalf_country=rng.choice(self.countries) if rng.random() < 0.2 else None,
                        **participant,
                    )
                )
            for j in range(self.n["statements_per_meeting"]):
                speaker = rng.choice(people)
                statements.append(
                    models.Statement(
                        key=f"{PREFIX}statement-{meeting.pk}-{j}",
                        meeting=meeting,
                        speaker_person=speaker,
                        post=post_of[speaker.pk],
                        kind=rng.choice(models.StatementKind.values),
                        text=f"Cities must work together on {rng.choice(TOPICS)}.",
                        made_on=meeting.start_date,
                        source=self.source,
                    )
                )
        self.save(models.Participation, participations)
        self.save(models.Statement, statements)
        self.cite("statement", statements)

    def generate_projects(self, cities, organisations):
        """Projects (one in twenty network-wide, in three countries), each with a lead."""
        rng = self.rng
        projects = []
        for i in range(self.n["projects"]):
            network_wide = rng.random() < 0.05
            city = None if network_wide else rng.choice(cities)
            start = datetime.date(rng.randint(2018, 2026), rng.randint(1, 12), 1)
            projects.append(
                models.Project(
                    title=f"{rng.choice(TOPICS).capitalize()} programme {i + 1}",
                    slug=f"{PREFIX}project-{i + 1}",
                    status=rng.choice(models.ProjectStatus.values),
                    focus_area=rng.choice(models.FocusArea.values),
                    city=city,
                    description=f"A generated project on {rng.choice(TOPICS)}.",
                    planned_start=start,
                    planned_end=start + datetime.timedelta(days=rng.randint(180, 1500)),
                )
            )
        self.save(models.Project, projects)
        self.generate_project_links(projects, organisations)

    def generate_project_links(self, projects, organisations):
        """Network-wide projects' countries, and each project's lead organisation."""
        rng = self.rng
        through = models.Project.countries.through
        links = []
        for project in projects:
            self.cite("project", [project])
            if project.city_id is None:
                for country in rng.sample(self.asean, 3):
                    links.append(through(project=project, country=country))
        self.save(through, links)
        self.save(
            models.ProjectOrganisation,
            [
                models.ProjectOrganisation(
                    key=f"{PREFIX}project-lead-{project.pk}",
                    project=project,
                    organisation=rng.choice(organisations),
                    role=models.ProjectRole.LEAD,
                )
                for project in projects
            ],
        )
