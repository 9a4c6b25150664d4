"""A page's publication date, from its markup and URL, with the short month names of Indonesian bylines.

``htmldate`` reads dates from the page's markup and URL only (no guess from dates in the article
text). It reads full Indonesian month names ("14 Agustus 2024") and the short names Indonesian
shares with English ("14 Nov 2022"), but not the others bylines print ("14 Agt 2024", "5 Des 2024",
"3 Nop 2021", "12 Peb 2020"): a day-month-year date holding one is first rewritten with the full
month name, in the copy of the page given to ``htmldate`` only.
"""

from __future__ import annotations

import re

# Short (and old-spelling) Indonesian month names -> the full name htmldate reads.
SHORT_MONTHS: dict[str, str] = {
    "jan": "Januari", "feb": "Februari", "peb": "Februari", "pebruari": "Februari", "mar": "Maret", "apr": "April",
    "mei": "Mei", "jun": "Juni", "jul": "Juli", "agt": "Agustus", "agu": "Agustus", "ags": "Agustus",
    "agus": "Agustus", "agust": "Agustus", "sep": "September", "sept": "September", "okt": "Oktober",
    "nov": "November", "nop": "November", "nopember": "November", "des": "Desember",
}
_DAY_MONTH_YEAR = re.compile(
    r"(?<![\w.])(?P<day>[0-3]?\d)[\s-]+(?P<month>" + "|".join(sorted(SHORT_MONTHS, key=len, reverse=True)) +
    r")\.?[\s-]+(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def with_full_month_names(html: str) -> str:
    """``html`` with every day-month-year date written with a short Indonesian month name given its full name."""
    return _DAY_MONTH_YEAR.sub(lambda m: f"{m['day']} {SHORT_MONTHS[m['month'].lower()]} {m['year']}", html)


def publication_date(html: str, url: str | None) -> str | None:
    """YYYY-MM-DD the page states as its original publication date (markup or URL); None if it states none."""
    from htmldate import find_date

    return find_date(with_full_month_names(html), url=url, original_date=True, extensive_search=False,
                     outputformat="%Y-%m-%d")
