"""A page's footnotes: a marker on each fact, one numbered list of sources.

A page names its facts (`Fact`: an anchor on the page, a label, and the
citations that back it). `footnotes()` numbers the sources in the order the
facts first cite them, lists each source once and, under it, each excerpt or
summary once with the facts it backs; each fact gets the numbers of its
sources, to show as markers linking to the list.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    anchor: str  # the id of the element on the page that states the fact
    label: str  # what the fact is about, in the source list ("the date and place")
    citations: list


@dataclass
class Backing:
    """One excerpt or summary of a source, or one note on it, and the facts it concerns."""

    excerpt: str
    is_quotation: bool = False
    facts: list = field(default_factory=list)

    def add(self, fact):
        if (fact.anchor, fact.label) not in self.facts:
            self.facts.append((fact.anchor, fact.label))


@dataclass
class SourceNote:
    """A source on the page: its number, its excerpts, and its notes (each once)."""

    number: int
    source: object
    backings: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"source-{self.number}"


@dataclass
class Footnotes:
    sources: list
    markers: dict  # fact anchor -> [source numbers]

    def numbers(self, anchor):
        return self.markers.get(anchor, [])


def footnotes(facts):
    """Number the sources of `facts` (a list of Fact) and group what each backs."""
    by_source = {}
    shown = {}
    markers = {}
    for fact in facts:
        for citation in fact.citations:
            note = by_source.get(citation.source_id)
            if note is None:
                note = by_source[citation.source_id] = SourceNote(
                    len(by_source) + 1, citation.source
                )
            if citation.excerpt:
                key = (citation.source_id, "excerpt", citation.excerpt, citation.excerpt_kind)
                if key not in shown:
                    shown[key] = Backing(citation.excerpt, citation.is_quotation)
                    note.backings.append(shown[key])
                shown[key].add(fact)
            if citation.note:
                key = (citation.source_id, "note", citation.note)
                if key not in shown:
                    shown[key] = Backing(citation.note)
                    note.notes.append(shown[key])
                shown[key].add(fact)
            numbers = markers.setdefault(fact.anchor, [])
            if note.number not in numbers:
                numbers.append(note.number)
    for numbers in markers.values():
        numbers.sort()
    return Footnotes(list(by_source.values()), markers)


def record_footnotes(record, label="this page's record"):
    """The footnotes of a page that cites only its record (prefetched `citations`)."""
    return footnotes([Fact("record", label, list(record.citations.all()))])


def record_facts(record, label, rows=()):
    """The facts of a record's page: the record itself, then each cited row it lists.

    `rows` holds (anchor prefix, rows with prefetched `citations`, label of a row).
    """
    facts = [Fact("record", label, list(record.citations.all()))]
    for prefix, items, describe in rows:
        for item in items:
            facts.append(Fact(f"{prefix}-{item.key}", describe(item), list(item.citations.all())))
    return facts


def partnership_label(partnership):
    return f"partnership, {partnership.since_display}"


def post_label(post):
    return f"post: {post.role}, {post.organisation.name}"


def role_label(role):
    return f"{role.organisation.name}, {role.get_role_display()}"


def agenda_label(item):
    return f"discussed at {item.meeting.title}"


def outcome_label(outcome):
    return f"outcome of {outcome.meeting.title}: {outcome.get_kind_display()}"


def detail_footnotes(record, outcomes=()):
    """The footnotes of a city, country, organisation, person or project page, with
    those of the outcomes it lists (`outcomes`, with prefetched citations)."""
    name = type(record).__name__.lower()
    rows = [("outcome", outcomes, outcome_label)]
    if name == "city":
        rows.append(
            (
                "membership",
                record.memberships.all(),
                lambda m: f"{m.get_status_display()}, {m.date_display}",
            )
        )
    if name in ("country", "organisation"):
        rows.append(("partnership", record.partnerships.all(), partnership_label))
    if name == "person":
        rows.append(("post", record.posts.all(), post_label))
    if name == "project":
        rows.append(("role", record.organisation_roles.all(), role_label))
        rows.append(("agenda", record.agenda_items.all(), agenda_label))
    return footnotes(record_facts(record, f"this {name}", rows))
