"""The interface in Dutch and English: which one a request gets, and the words in each.

The language comes from `?lang=` (the switch on every page, remembered in a cookie), else the
cookie, else Accept-Language; English when nothing says. Templates write English and call
`_()`; the Dutch words are in `server/dutch.py`. Labels of things follow the same choice
(`server/labels.py`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, g, has_request_context, request

from server.dutch import DUTCH, ENGLISH_KINDS

LANGUAGES = ("en", "nl")
COOKIE = "kg_lang"


def language() -> str:
    """The interface language of the current request (cached on `g`)."""
    if "kg_language" not in g:
        asked = request.args.get("lang") or request.cookies.get(COOKIE)
        if asked not in LANGUAGES:
            asked = request.accept_languages.best_match(LANGUAGES, default="en")
        g.kg_language = asked
    return str(g.kg_language)


def translate(text: str) -> str:
    """`text` (English) in the request's language."""
    return _words(language()).get(text, text)


def language_href(code: str) -> str:
    """This page in another language: the same address and parameters, `lang` switched."""
    args = {**request.args.to_dict(), "lang": code}
    return request.path + "?" + urlencode(args)


def _remember(response: Response) -> Response:
    """Keep a switched language for the next pages; say which language the page is in."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 86400, samesite="Lax")
    if response.mimetype == "text/html":
        response.headers["Content-Language"] = language()
        response.vary.add("Accept-Language")
    return response


def _words(code: str) -> dict[str, str]:
    return DUTCH if code == "nl" else ENGLISH_KINDS


def _bound() -> dict[str, object]:
    """`_()` and `current_language()` bound to the request's language once per render: a page
    calls `_()` some fifty times, and each call looked the language up through Flask's
    context-local proxies."""
    if not has_request_context():
        return {}
    code = language()
    words = _words(code)
    return {"_": lambda text: words.get(text, text), "current_language": lambda: code}


def init_i18n(app: Flask) -> None:
    """`_()` and `lang` in every template; the language remembered after each response."""
    app.jinja_env.globals.update(
        _=translate, current_language=language, language_href=language_href
    )
    app.context_processor(_bound)
    app.after_request(_remember)
