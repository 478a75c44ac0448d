"""Small pieces of English shared by the checker's summary, the report and the site pages."""

from __future__ import annotations


def plural(count: int, one: str, many: str = "") -> str:
    """'1 file', '2 files', '3 case studies' (give `many` where adding 's' is wrong)."""
    return f"{count} {one if count == 1 else many or one + 's'}"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str) -> str:
    """A date as people read it, GOV.UK style: '24 January 2003', 'January 2003', '2003'.

    Anything that is not an ISO date, month or year is returned unchanged,
    so "not reported" and "c. 2012" pass through as written.
    """
    parts = iso.split("-")
    if not all(part.isdigit() for part in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return iso
    if len(parts) == 1:
        return parts[0]
    month = int(parts[1])
    if not 1 <= month <= 12:
        return iso
    if len(parts) == 2:
        return f"{_MONTHS[month - 1]} {parts[0]}"
    return f"{int(parts[2])} {_MONTHS[month - 1]} {parts[0]}"
