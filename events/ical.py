"""iCalendar (RFC 5545) for one event and for the feed of all events: escaping, folding of
long lines at 75 octets and times in UTC."""

import datetime

from django.utils import timezone

PRODID = "-//Kooperacje 3D//Portal//PL"


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "")
    )


def _fold(line):
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def vevent(event, base_url):
    url = base_url.rstrip("/") + event.url if event.url else ""
    location = event.place_line
    description = event.lead or ""
    if url:
        description = f"{description}\n\n{url}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@kooperacje3d",
        f"DTSTAMP:{_utc(event.last_published_at or timezone.now())}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(event.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"LOCATION:{_escape(location)}",
        f"CATEGORIES:{_escape(event.get_kind_display())}",
    ]
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(events, base_url, name):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/Warsaw",
    ]
    for event in events:
        lines.extend(vevent(event, base_url))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
