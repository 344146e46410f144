"""Links to pages by URL name, from a pattern reversed once (链接：反向解析一次).

Django's ``reverse`` walks the URL resolver on every call, about 40 µs; a list page links each of its 25 rows to
two pages and the menu has ten entries: 2–3 ms of a 15 ms page. ``link`` reverses a URL name once per number
of arguments, script prefix and URL configuration, with markers for the arguments, and then puts each
argument in its marker's place. Only arguments made of letters, digits, ``-`` and ``_`` (codes) take that way,
and only for URL names whose converters accept the markers (``str``, ``slug``, ``path``); anything else is
reversed as before. A link is always what ``reverse`` gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_PLAIN = re.compile(r"[0-9A-Za-z_-]+")


@lru_cache(maxsize=512)
def _pieces(name: str, arity: int, prefix: str, urlconf) -> tuple[str, ...] | None:
    """The URL of ``name`` cut at its ``arity`` arguments; ``None`` when a converter refuses the markers."""
    marks = [f"bangfuarg{index}mark" for index in range(arity)]
    try:
        url = reverse(name, args=marks, urlconf=urlconf)
    except NoReverseMatch:
        return None
    pieces = []
    for mark in marks:
        before, found, url = url.partition(mark)
        if not found:  # a converter changed the argument on its way into the URL
            return None
        pieces.append(before)
    return (*pieces, url)


def link(name: str, *args) -> str:
    """``reverse(name, args=args)``, from the cached pattern when every argument is plain."""
    values = [str(arg) for arg in args]
    if all(_PLAIN.fullmatch(value) for value in values):
        pieces = _pieces(name, len(values), get_script_prefix(), get_urlconf())
        if pieces is not None:
            return pieces[0] + "".join(value + piece for value, piece in zip(values, pieces[1:], strict=True))
    return reverse(name, args=args)
