from django.db.models import Count, Window
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination as _Base
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# 100 results a page at most: a million pages is far beyond any table this platform will hold.
MAX_PAGE_NUMBER = 1_000_000


class PageNumberPagination(_Base):
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("Cette page n'existe pas.")


class WindowCountPagination(PageNumberPagination):
    """Page rows and the total in one query: ``COUNT(*) OVER ()`` rides along with the rows.

    For searches whose filtering is the expensive part, this halves the database work of the
    usual ``COUNT`` + ``SELECT`` pair. Same response shape as :class:`PageNumberPagination`.
    A queryset is annotated with the window; :meth:`paginate_rows` takes any reader that returns
    the page and the total together (a hand-written statement).
    """

    def paginate_queryset(self, queryset, request, view=None):
        def fetch(offset: int, limit: int):
            rows = list(queryset.annotate(_window_total=Window(Count("pk")))[offset : offset + limit])
            return (rows[0]._window_total if rows else 0), rows

        return self.paginate_rows(fetch, request)

    def paginate_rows(self, fetch, request) -> list:
        """The page asked for, read by ``fetch(offset, limit) -> (total, rows)``: one query for both."""
        self.request = request
        self.page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param, "1")
        try:
            self.page_number = int(raw)
        except ValueError:
            self.page_number = 0
        # A page far past any real result would only overflow the database's OFFSET (bigint).
        if self.page_number < 1 or self.page_number > MAX_PAGE_NUMBER:
            raise NotFound(self.invalid_page_message)
        total, rows = fetch((self.page_number - 1) * self.page_size, self.page_size)
        if rows:
            self.total = total
        elif self.page_number == 1:
            self.total = 0
        else:
            raise NotFound(self.invalid_page_message)
        return rows

    def _url(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        has_next = self.page_number * self.page_size < self.total
        return Response(
            {
                "count": self.total,
                "next": self._url(self.page_number + 1 if has_next else None),
                "previous": self._url(self.page_number - 1 if self.page_number > 1 else None),
                "results": data,
            }
        )
