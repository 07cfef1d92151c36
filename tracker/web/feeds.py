"""Meetings as an iCalendar feed (all of them, or one) and as an Atom feed.

The calendar holds only meetings whose day is known: a meeting a source
dates only to the month or the year would otherwise sit on a made-up day in
people's calendars. The Atom feed holds every meeting, dated as its source
dates it.
"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from tracker import models, paging
from tracker.selectors import meeting_list

PRODID = "-//ASCN Tracker//Meetings//EN"
UID_DOMAIN = "ascn-tracker"


# What neither format can carry: RFC 5545 (3.3.11) allows no control character in
# TEXT but the tab, XML 1.0 none but tab and line breaks. The models refuse them;
# rows written before they did, or around them, must still not break a feed.
ICAL_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value):
    """Text an Atom feed can carry: without the characters XML 1.0 forbids."""
    return XML_FORBIDDEN.sub("", str(value))


def ical_text(value):
    """Escape a TEXT value (RFC 5545, 3.3.11), without the control characters it forbids."""
    return (
        ICAL_FORBIDDEN.sub("", str(value))
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545, 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts = []
    limit = 75
    while encoded:
        cut = min(limit, len(encoded))
        while cut < len(encoded) and (encoded[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(encoded[:cut].decode("utf-8"))
        encoded = encoded[cut:]
        limit = 74  # continuation lines begin with a space
    return "\r\n ".join(parts)


def vevent(meeting, request, stamp):
    last = meeting.end_date or meeting.start_date
    # DTEND is the day after the last (exclusive); the calendar's last day has none.
    end = last + datetime.timedelta(days=1) if last < datetime.date.max else last
    status = "CANCELLED" if meeting.status == models.MeetingStatus.CANCELLED else "CONFIRMED"
    description = [meeting.get_kind_display().capitalize()]
    if meeting.mode:
        description.append(meeting.get_mode_display())
    if meeting.host:
        description.append(f"hosted by {meeting.host}")
    summary = "; ".join(description) + "."
    if meeting.summary:
        summary += "\n\n" + meeting.summary
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.slug}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{meeting.start_date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{ical_text(meeting.title)}",
        f"DESCRIPTION:{ical_text(summary)}",
        f"STATUS:{status}",
        f"URL:{request.build_absolute_uri(meeting.get_absolute_url())}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{ical_text(meeting.place)}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings, request, name):
    stamp = timezone.now().astimezone(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(name)}",
    ]
    for meeting in meetings:
        lines.extend(vevent(meeting, request, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def meeting_feed_ics(request):
    meetings = models.Meeting.objects.for_calendar()
    return calendar_response(
        calendar(meetings, request, "ASEAN Smart Cities Network meetings"), "ascn-meetings.ics"
    )


@require_safe
def meeting_ics(request, slug):
    try:
        meeting = paging.find(models.Meeting.objects.for_calendar(), "slug", slug)
    except paging.RecordMissing:
        raise Http404(
            "There is no calendar entry at this address: either no such meeting, "
            "or its day is not known."
        ) from None
    return calendar_response(calendar([meeting], request, meeting.title), f"{meeting.slug}.ics")


class MeetingAtomFeed(Feed):
    feed_type = Atom1Feed
    title = "ASEAN Smart Cities Network meetings"
    subtitle = "The network's meetings, latest first, from the ASCN Tracker."
    link = reverse_lazy("tracker:meeting-list")
    limit = 50

    def feed_url(self):
        return reverse("tracker:meeting-feed-atom")

    def items(self):
        return meeting_list()[: self.limit]

    def item_title(self, item):
        return xml_text(f"{item.title} ({item.date_display})")

    def item_description(self, item):
        facts = [item.date_display, item.get_kind_display(), item.get_status_display()]
        if item.place:
            facts.append(str(item.place))
        if item.host:
            facts.append(f"hosted by {item.host}")
        description = "; ".join(facts) + "."
        if item.summary:
            description += " " + item.summary
        return xml_text(description)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.start_date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return self.item_pubdate(item)

    def item_categories(self, item):
        return [item.get_kind_display()]
