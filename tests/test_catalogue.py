"""The catalogues: compiled from their .po sources, and holding every text the code asks for."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.constants import COMMANDS
from knowledge.catalogue import LOCALE_DIR, Catalogue, MissingText, catalogue
from knowledge.decision import Message

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = sorted(p.name for p in LOCALE_DIR.iterdir() if p.is_dir())
# catalogue keys written out in the code: .text("key"...) and t.text('key'...)
_KEY_IN_CODE = re.compile(r"""\.text\(\s*["']([a-z][a-z0-9.-]*)["']""")


def keys_in_code() -> set[str]:
    """Every key the code looks up, literally or through Message and COMMANDS."""
    found = {
        key
        for folder in ("bot", "knowledge")
        for path in (REPO / folder).rglob("*.py")
        for key in _KEY_IN_CODE.findall(path.read_text(encoding="utf-8"))
    }
    # every Message but ANSWER, whose text is the stated facts' own answers
    messages = {v for k, v in vars(Message).items() if k.isupper()} - {Message.ANSWER}
    return found | messages | {f"command.{name}" for name in COMMANDS}


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    """The .mo the bot reads says exactly what the .po says: run pybabel compile after edits."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as handle:
        source = {m.id: m.string for m in read_po(handle) if m.id}
    with (folder / "messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert source, "the catalogue is empty"
    stale = {key for key, text in source.items() if compiled.gettext(str(key)) != text}
    assert not stale, f"recompile: .venv/bin/pybabel compile -d knowledge/locale ({stale})"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_code_uses_has_a_text(language: str) -> None:
    """No reply falls back to a bare key: each key looked up is in the catalogue."""
    texts = catalogue(language)
    missing = []
    for key in sorted(keys_in_code()):
        try:
            texts.text(key)
        except MissingText:
            missing.append(key)
        except (KeyError, IndexError):
            pass  # a text with placeholders, filled in where it is used
    assert len(keys_in_code()) > 40
    assert not missing, f"the {language} catalogue lacks {missing}"


def test_an_unknown_key_is_an_error_not_the_key_itself() -> None:
    """A key with no text raises, so a missing text cannot reach a user as 'some.key'."""
    with pytest.raises(MissingText, match=r"no text for 'no\.such-key'"):
        catalogue("en").text("no.such-key")


def test_placeholders_are_filled_in() -> None:
    """Values go into their placeholders; the catalogue is per object, not per process."""
    texts = catalogue("en")
    assert texts.text("narrowing.currency", word="euro") == "in euro"
    assert isinstance(texts, Catalogue) and texts.language == "en"
