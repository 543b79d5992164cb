"""The Norwegian (bokmål) texts users read in every chat front door; each adds its own icons and markup."""

from __future__ import annotations

from service.answer.contract import MAX_QUESTION_CHARS

SEARCHING = "Søker i kunnskapsbasen ..."
NO_ANSWER = "Fant ikke noe svar i kunnskapsbasen"
NOTICE = "Merk:"
SOURCES = "Kilder"
SHOW_QUOTE = "Vis sitat"
PAGE = "s."
LOVDATA_ATTRIBUTION = "Lovtekst: Kilde: Lovdata (NLOD 2.0)"
WAS_IT_USEFUL = "Var svaret nyttig?"
USEFUL = "Nyttig"
NOT_USEFUL = "Ikke nyttig"
THANKS = "Takk for tilbakemeldingen! Den hjelper oss å forbedre kunnskapsbasen."
VOTE_FAILED = "Beklager, tilbakemeldingen kunne ikke lagres. Prøv igjen senere."
FAILED = "Beklager, noe gikk galt da jeg skulle svare. Prøv igjen om litt."
TOO_LONG = f"Spørsmålet er for langt: det kan ha høyst {MAX_QUESTION_CHARS} tegn."
