"""A source's page: every fact it backs, each with a link to where the fact is shown."""

from django.urls import reverse

from tracker import models

# What each cited record's label and link are built from, loaded in the citations' query.
BACKED_RELATED = (
    *models.CITED_FIELDS,
    "post__person",
    "post__organisation",
    "participation__meeting",
    *(f"participation__{name}" for name in models.PARTICIPANT_FIELDS),
    "agenda_item__meeting",
    "statement__meeting",
    "statement__speaker_person",
    "statement__speaker_organisation",
    "project_organisation__project",
    "project_organisation__organisation",
    "membership__city",
    "partnership__country",
    "partnership__organisation",
    "outcome__meeting",
    "composition_part__organisation",
)


def on_page(record, anchor):
    return f"{record.get_absolute_url()}#{anchor}"


def backed(citation):
    """(what the citation backs, in words; the address where it is shown, or "")."""
    record = citation.record
    kind = citation.get_kind()
    links = {
        "participation": lambda r: (
            f"{r.participant} at {r.meeting}",
            on_page(r.meeting, f"participation-{r.key}"),
        ),
        "agenda_item": lambda r: (
            f"“{r.title}”, {r.meeting}",
            on_page(r.meeting, f"agenda-{r.key}"),
        ),
        "statement": lambda r: (
            f"statement by {r.speaker}",
            on_page(r.meeting, f"statement-{r.key}") if r.meeting else "",
        ),
        "outcome": lambda r: (
            f"{r.get_kind_display()}, {r.meeting}",
            on_page(r.meeting, f"outcome-{r.key}"),
        ),
        "membership": lambda r: (str(r), on_page(r.city, f"membership-{r.key}")),
        "partnership": lambda r: (str(r), on_page(r.partner, f"partnership-{r.key}")),
        "post": lambda r: (str(r), r.person.get_absolute_url()),
        "project_organisation": lambda r: (str(r), r.project.get_absolute_url()),
        "composition_part": lambda r: (str(r), r.organisation.get_absolute_url()),
        "reported_total": lambda r: (f"network total: {r}", reverse("tracker:home") + "#network"),
    }
    if kind in links:
        return links[kind](record)
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    return str(record), url


def source_page(source):
    """Everything `source` backs: each citation with its excerpt and the fact it backs."""
    citations = list(
        models.Citation.objects.filter(source=source).select_related(*BACKED_RELATED).order_by("pk")
    )
    for citation in citations:
        citation.backs_label, citation.backs_url = backed(citation)
    return {"backing": citations}
