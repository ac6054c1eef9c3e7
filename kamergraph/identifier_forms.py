"""Every form a thing is cited in, per scheme (official id, kamerstuk citation, short forms,
dossier number, T-number, BWB id, ministry reference), and the key the resolver looks them up by.

`identifiers.py` parses what is printed; this module writes the forms back out, so the graph
holds each form as data (`adms:Identifier`) and the resolver can match any of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The schemes an identifier belongs to (local names of kg:IdentifierScheme terms).
SCHEMES = (
    "officialPublicationId",  # kst-36600-XX-E
    "kamerstukCitation",  # Kamerstukken I 2024/25, 36 600 XX, E
    "shortCitation",  # 36 600 XX, E / 19 637, nr. 3328 / 36.333, I
    "dossierNumber",  # 36 600 XX / 36.333
    "tNumber",  # T03853
    "bwbId",  # BWBR0011823
    "ministryReference",  # 7243752 ("Onze referentie")
)


@dataclass(frozen=True)
class IdentifierForm:
    """One way a thing is cited, in one scheme: data, not a loose string."""

    scheme: str
    notation: str


def printed_dossier(key: str) -> str:
    """ "36600-XX" -> "36 600 XX"; "36333" -> "36 333" (the printed form of a dossier key)."""
    number, _, suffix = key.partition("-")
    spaced = f"{number[:2]} {number[2:]}" if len(number) == 5 else number
    return f"{spaced} {suffix}".strip()


def _session_short(session_year: str) -> str:
    """ "2024-2025" -> "2024/25" (how citations print it)."""
    first, _, second = session_year.partition("-")
    return f"{first}/{second[2:]}"


def dossier_forms(key: str) -> list[IdentifierForm]:
    """A dossier's printed forms: "36 600 XX", and "36.333" for a dossier without a suffix."""
    forms = [IdentifierForm("dossierNumber", printed_dossier(key))]
    if "-" not in key and len(key) == 5:
        forms.append(IdentifierForm("dossierNumber", f"{key[:2]}.{key[2:]}"))
    return forms


def _number_part(chamber: str | None, number: str) -> str:
    return number if chamber == "EK" or number.isalpha() else f"nr. {number}"


def document_forms(
    dossier: str | None,
    number: str | None,
    chamber: str | None,
    session_year: str | None,
    identifier: str | None,
) -> list[IdentifierForm]:
    """A paper's forms: official id, full kamerstuk citation (when the year is known), short."""
    forms = [IdentifierForm("officialPublicationId", identifier)] if identifier else []
    if not (dossier and number):
        return forms
    short = f"{printed_dossier(dossier)}, {_number_part(chamber, number)}"
    if session_year and chamber in ("EK", "TK"):
        roman = "I" if chamber == "EK" else "II"
        full = f"Kamerstukken {roman} {_session_short(session_year)}, {short}"
        forms.append(IdentifierForm("kamerstukCitation", full))
    forms.append(IdentifierForm("shortCitation", short))
    return forms


def motion_forms(key: str) -> list[IdentifierForm]:
    """ "36333-I" -> "36.333, I" (as EK letters cite it) and "36 333, I"; "19637-3328" ->
    "19 637, nr. 3328"."""
    dossier, _, number = key.rpartition("-")
    if not dossier:
        return []
    forms = [
        IdentifierForm("shortCitation", f"{printed_dossier(dossier)}, {_number_part(None, number)}")
    ]
    if number.isalpha() and "-" not in dossier and len(dossier) == 5:
        forms.insert(0, IdentifierForm("shortCitation", f"{dossier[:2]}.{dossier[2:]}, {number}"))
    return forms


def lookup_key(text: str) -> str:
    """The form a citation is looked up by: case, spaces, punctuation and URL schemes ignored,
    so "36 600 XX, E", "36600-XX-E" and "36.600 xx e" meet."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text).rstrip("/")
    return re.sub(r"[^0-9a-z]+", "", text)
