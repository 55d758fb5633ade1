"""The texts people read, one gettext catalogue per language, looked up per call."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


class MissingText(KeyError):
    """A key the catalogue has no text for: a catalogue or the code is out of date."""


class Catalogue:
    """One language's texts by key; the locale is this object, never a process-wide one."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations
        self._months = self.text("months").split()

    def text(self, key: str, **values: object) -> str:
        """The text for a key, its {placeholders} filled in; MissingText for an unknown key."""
        template = self._translations.gettext(key)
        if template == key:  # gettext gives the key back when it has no text for it
            raise MissingText(f"the {self.language} catalogue has no text for {key!r}")
        return template.format(**values) if values else template

    def date(self, day: dt.date) -> str:
        """A date as this language writes it: 24 Aug 2023."""
        return self.text("date", day=day.day, month=self._months[day.month - 1], year=day.year)

    def words(self, key: str) -> frozenset[str]:
        """A text that lists words, as a set: the terminal's quit words."""
        return frozenset(self.text(key).split())


@functools.cache  # one per language shipped: the catalogues are read once
def catalogue(language: str = "en") -> Catalogue:
    """The catalogue of one language, compiled by Babel into locale/<language>/LC_MESSAGES."""
    # gettext spells the Chinese scripts zh_Hans and zh_Hant, BCP 47 zh-Hans and zh-Hant
    folder = LOCALE_DIR / language.replace("-", "_") / "LC_MESSAGES"
    with (folder / f"{DOMAIN}.mo").open("rb") as handle:
        return Catalogue(language, gettext.GNUTranslations(handle))
