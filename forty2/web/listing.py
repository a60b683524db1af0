"""Helpers for list pages: filters, sort headers and pagination that all live in the query string.

Every list keeps its whole state in the URL so a view can be shared, bookmarked and restored with the
back button; these helpers build the links that change one part of that state and keep the rest.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict

PAGE_SIZE = 25


def querystring(params: dict, **changes) -> str:
    """``params`` with ``changes`` applied, empty values dropped, encoded for a link (without ``?``)."""
    query = QueryDict(mutable=True)
    merged = {**params, **changes}
    for key, value in merged.items():
        if value not in (None, ""):
            query[key] = value
    return query.urlencode()


@dataclass
class SortColumn:
    key: str
    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "" when the list is not sorted by this column
    next_direction: str  # what a click does, for the link's accessible name


def sort_columns(params: dict, columns: list[tuple[str, str]], *, default: str, descending_first=()) -> dict:
    """Sort links for table headers, keyed by column, each keeping the other filters and toggling direction.

    ``params`` is the page's current state (including ``ordering``); the first click on a column sorts
    ascending, except for the columns in ``descending_first`` (dates: newest first). Changing the sort goes
    back to the first page.
    """
    current = params.get("ordering") or default
    result = {}
    for key, label in columns:
        if current == key:
            aria, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria, target = "descending", key
        else:
            aria, target = "", f"-{key}" if key in descending_first else key
        result[key] = SortColumn(
            key=key, label=label, aria_sort=aria,
            href="?" + querystring(params, ordering=target, page=None),
            next_direction="descending" if target.startswith("-") else "ascending",
        )
    return result


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def is_htmx_fragment(request) -> bool:
    """True for an HTMX request that wants only the results (not a history restore, which needs the page)."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true"
            and request.headers.get("HX-Boosted") != "true")
