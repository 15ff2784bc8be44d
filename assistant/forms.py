"""Filter fields (web app, command line) turned into ``Filters``: dates typed the way people do."""

import argparse
import calendar
import re
from collections.abc import Callable

from index.errors import DelibError
from index.models import Filters

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_FRENCH = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")


class FormError(DelibError):
    """A field the user must correct; the message says how."""


def parse_date(text: str | None, end: bool) -> str | None:
    """"2019", "2019-03", "2019-03-05", "03/2019" or "05/03/2019" as an ISO date; a year or a
    month stands for its first day (``end=False``) or its last day (``end=True``)."""
    text = (text or "").strip()
    if not text:
        return None
    iso, french = _ISO.match(text), _FRENCH.match(text)
    if iso:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
    elif french:
        day, month, year = french.group(1), french.group(2), french.group(3)
    else:
        raise FormError(f"Date non comprise : « {text} ». Écrivez par exemple 2019, 2019-03, "
                        "2019-03-05 ou 05/03/2019.")
    y = int(year)
    if y < 1:
        raise FormError(f"Année impossible dans « {text} ».")
    m = int(month) if month else (12 if end else 1)
    if not 1 <= m <= 12:
        raise FormError(f"Mois impossible dans « {text} ».")
    last = calendar.monthrange(y, m)[1]
    d = int(day) if day else (last if end else 1)
    if not 1 <= d <= last:
        raise FormError(f"Jour impossible dans « {text} ».")
    return f"{y:04d}-{m:02d}-{d:02d}"


def filters_of(collectivities: list[str] | None, bodies: list[str] | None,
               date_from: str | None, date_to: str | None) -> Filters:
    start, stop = parse_date(date_from, end=False), parse_date(date_to, end=True)
    if start and stop and start > stop:
        raise FormError("La date de début est après la date de fin.")
    return Filters(collectivities=tuple(collectivities or ()), bodies=tuple(bodies or ()),
                   date_from=start, date_to=stop)


def date_argument(end: bool) -> Callable[[str], str]:
    """An argparse ``type`` reading a date as the web app's fields do (French message)."""
    def parsed(text: str) -> str:
        try:
            return parse_date(text, end) or ""
        except FormError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return parsed
