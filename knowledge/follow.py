"""Follow-up questions: read against the previous turn only when they cannot stand alone."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.analyse import Analyser, Query
from knowledge.answer import Kind
from knowledge.decide import Decider
from knowledge.decision import UNKNOWN, UNKNOWN_RUN, Decision, in_runs
from knowledge.models import DEFAULT_LANGUAGE, Entity, Fact

SHORT = 2  # words (question words aside) an elliptical follow-up has at most
SHORT_REFERENCE = 2  # ... and one that points back ("what's his role?")
# A question whose pronoun is read as the last answer's entity is short: a longer one names
# its own subject, which its pronoun points at. In words (question words aside), or in
# characters where words have no spaces between them.
SHORT_RESOLVED = 3
SHORT_RESOLVED_CHARS = 10
GROUP = "group"  # the kind of entity a question can split: "how many of them were Korean?"


@dataclass(frozen=True)
class Reading:
    """How a follow-up was read: the decision, and the fact the frame pointed at."""

    decision: Decision
    context: str  # the previous turn's fact the question was read against


def leans(
    query: Query,
    analyser: Analyser,
    known: Callable[[str], bool],
    about: frozenset[str] = frozenset(),
) -> bool:
    """True when the question cannot stand alone: it opens like a continuation ("and ...",
    "what about ..."), points back ("his", "them"), or names only a scope, a narrowing or a
    figure ("in dollars?", "since it began?", "over 5 billion?"), perhaps with words of the
    last turn's fact (`about`: "is it true over 30,000 came?" after the attendance)."""
    language = analyser.language
    raw = f" {query.raw} "
    own = own_words(query, analyser)
    if _new_subject(own, analyser, known):
        return False  # a word no fact knows: a new subject ("and the weather?"), not a follow-up
    # without spaces between words, a cue opens the text and a reference is anywhere in it
    if corrects(query, analyser) or opens_with(query, analyser, language.follow_cues):
        return True
    asked = [w for w in query.words if w not in language.question_words]
    # a word pointing back, in a short question: "what's his role?"; a long one names its
    # own subject ("hao mingjin, who is he, did he give the speech?")
    if len(asked) <= SHORT_REFERENCE and any(
        points_back(w, raw, analyser) for w in language.references
    ):
        return True
    topical = topical_words(own, analyser, known)
    said = bool(query.narrowing or query.scope or query.claims) and not query.alternative
    # short, and nothing but a scope, a narrowing or a figure: "in dollars?", "over 5 billion?"
    # (without spaces, its narrowing aside: 合多少美元 is 合多 少美 and 美元, a currency)
    rest = [w for w in asked if w not in query.narrowing] if analyser.grams else asked
    short = len(rest) <= SHORT
    # read as bigrams, those of the last answer's topic are no subject of its own: 合多少美元
    # is worded like the since-2005 figure's phrasing 约合多少美元, after this edition's
    topic = not topical or (analyser.grams and bool(query.narrowing) and set(topical) <= about)
    if said and topic and short:
        return True
    # a figure compared with the last answer's, in one of its words: "over 30,000 came?" (a
    # year or a plain number is no comparison: "who opened the 2023 expo" stands alone)
    compared = any(claim.op != "is" for claim in query.claims)
    named = [w for w in asked if w not in analyser.claim_words and not w[0].isdigit()]
    return compared and bool(about) and set(topical) <= about and len(named) <= 1


def bare_check(query: Query, analyser: Analyser, known: Callable[[str], bool]) -> bool:
    """True for a figure to check and no word of its own the store knows: "was it more than
    100?", "is that over 100k?" ("were there more than 1,000 companies?" names its subject)."""
    topical = topical_words(own_words(query, analyser), analyser, known)
    # (a value of a kind, "第13届", "2008", names what it checks: the edition, the year)
    return bool(query.claims) and not topical and not query.narrowing


def corrects(query: Query, analyser: Analyser) -> bool:
    """True when the question opens by correcting the last reading: "no, the all-time
    figure", "不是 我问的是金额" ask another fact than the last answer's."""
    return opens_with(query, analyser, analyser.language.correction_cues)


def opens_with(query: Query, analyser: Analyser, cues: Sequence[str]) -> bool:
    """True when the question opens with one of the cues: as a word of its own, or without
    spaces between words, as the start of its first run (那他说了什么)."""
    raw, gap = f" {query.raw} ", "" if analyser.grams else " "
    return any(raw.startswith(f" {cue}{gap}") for cue in cues)


def topical_words(
    own: Sequence[str], analyser: Analyser, known: Callable[[str], bool]
) -> list[str]:
    """Of a question's own words (see own_words), those a fact knows, question words and the
    edition's own set aside: what it names as its subject."""
    language = analyser.language
    return [w for w in own if known(w) and w not in language.question_words
            and w not in analyser.neutral]  # fmt: skip


def elliptical(query: Query, analyser: Analyser) -> bool:
    """True when the question says little beyond its scope, narrowing and figures: at most
    SHORT words of its own ("and since it began?", "in dollars over the years?")."""
    language = analyser.language
    rest = [w for w in own_words(query, analyser)
            if w not in language.question_words and w not in analyser.neutral]  # fmt: skip
    return len(rest) <= (SHORT_RESOLVED_CHARS // 2 if analyser.grams else SHORT)


def own_words(query: Query, analyser: Analyser) -> list[str]:
    """The question's words once its scope cues, narrowing and figures are set aside."""
    words = analyser.normaliser.words(analyser.without_scope_cues(query.raw))
    return [w for w in words if w not in analyser.claim_words and not w[0].isdigit()
            and w not in query.narrowing]  # fmt: skip


def _new_subject(own: list[str], analyser: Analyser, known: Callable[[str], bool]) -> bool:
    """True when the question's own words have one no fact knows: it asks about something
    else. Read as bigrams, only a run of UNKNOWN_RUN of them is such a word."""
    unknown = [not known(w) for w in own]
    return any(in_runs(unknown, UNKNOWN_RUN) if analyser.grams else unknown)


def resolve(
    query: Query, about: Sequence[Entity], analyser: Analyser
) -> tuple[str, Entity, str] | None:
    """The question with its word pointing back put as the entity it points at ("what's his
    role?" after the speaker: "what's Hao Mingjin role?"), that entity and the word; None when
    it has none that fits."""
    language = analyser.language
    if analyser.grams:
        if sum(len(run) for run in query.raw.split() if not run.isascii()) > SHORT_RESOLVED_CHARS:
            return None
    elif len([w for w in query.words if w not in language.question_words]) > SHORT_RESOLVED:
        return None
    found = analyser.pointing
    # without spaces between words a pronoun is found inside a run, the longest first (他们
    # before 他); with them, as a whole word
    padded = query.raw if analyser.grams else f" {query.raw} "
    edge = "" if analyser.grams else " "
    word = next((w for w, _ in found if points_back(w, padded, analyser)), None)
    if word is None or _names_own_subject(padded, about, analyser):
        return None
    kinds = {kind for w, kind in found if w == word}
    entity = next((e for e in about if e.kind in kinds), None)
    if entity is None:
        return None
    name = entity.name(language.code)
    return padded.replace(f"{edge}{word}{edge}", f"{edge}{name}{edge}", 1).strip(), entity, word


def read_pointing(
    query: Query, last: Fact, own: Decision, analyser: Analyser, decider: Decider
) -> tuple[bool, Reading | None]:
    """The question read with its word pointing back as the entity the last answer was about:
    whether it points back (then this is the follow-up's one more engine pass), and the
    reading, if it stands.

    Answered alone, it is read so only for another fact about that entity ("where were they
    from?" after the companies is where the companies came from, not where the expo was).
    Otherwise an answer, or a breakdown of a group by what the articles do not split it by
    ("how many of them were Korean?"); a word they never use is a question of its own ("what
    language do they speak in mongolia").
    """
    entities = [decider.store.entities[e] for e in last.about]
    resolved = resolve(query, entities, analyser)
    if resolved is None:
        return False, None
    text, entity, word = resolved
    decision = decider.decide(analyser.analyse(text))
    answered = decision.kind is Kind.ANSWER
    if own.kind is Kind.ANSWER:
        asked = [w for w in query.words if w not in analyser.language.question_words]
        other = answered and decision.facts[0] != own.facts[0] and len(asked) <= SHORT_REFERENCE
        if other and entity.id in decider.store.fact(decision.facts[0]).about:
            return True, Reading(decision, last.id)
        # a word that can only point back, and an answer alone about something else: that
        # answer ignores whom the question is about ("is he the premier?" is no question about
        # the premier exhibition, "name them" none about the edition): the pointed reading,
        # whatever it gives, answer, breakdown or not-covered
        mine = entity.id in decider.store.fact(own.facts[0]).about
        only_back = word not in analyser.language.loose_pronouns
        if (
            only_back
            and not mine
            and len(asked) <= SHORT_REFERENCE
            and decision.facts[:1] != own.facts[:1]
        ):
            return True, Reading(decision, last.id)
        return True, None
    near = bool(decision.stated) and decision.stated[0] in {last.id, *last.related}
    narrowed = any(kind != UNKNOWN for kind in decision.missing.values())
    if answered or (entity.kind == GROUP and near and narrowed):
        return True, Reading(decision, last.id)
    return True, None


def _names_own_subject(text: str, about: Sequence[Entity], analyser: Analyser) -> bool:
    """True when the question names one of the entities itself: "hao mingjin, who is he?"
    points at him, not at the photographer of the last answer."""
    tokens = analyser.tokeniser.tokens
    folded = " ".join(tokens(text))
    names = {e.name(code) for e in about for code in (analyser.language.code, DEFAULT_LANGUAGE)}
    return any(" ".join(tokens(name)) in folded for name in names)


def points_back(word: str, text: str, analyser: Analyser) -> bool:
    """True when the word stands in the text as a word pointing back. Without spaces, one
    character only counts opening the question (他是什么职务) or after a continuation cue
    (那他说了什么): 他 in 其他 ("other") is none, nor one after a name the question gives."""
    if not analyser.grams:
        return f" {word} " in text
    if len(word) > 1:
        return word in text
    runs = text.split()
    cues = analyser.language.follow_cues
    return (bool(runs) and runs[0].startswith(word)) or any(
        run.startswith(f"{cue}{word}") for run in runs for cue in cues
    )


def pick(query: Query, previous: Decision, mark: str = "") -> str | None:
    """ "The second one" after a did-you-mean: the fact it picks, by its place in the list
    (`mark` is how the language writes an ordinal after its digits: "2th")."""
    if previous.kind is not Kind.CLARIFY:
        return None
    places = [int(w.removesuffix(mark)) for w in query.words if w.removesuffix(mark).isdigit()]
    if len(places) == 1 and 1 <= places[0] <= len(previous.facts) and len(query.words) <= 3:
        return previous.facts[places[0] - 1]
    return None


def read_against(
    query: Query, previous: Decision, analyser: Analyser, decider: Decider, base: str
) -> Reading | None:
    """The question read with the previous turn's question (`base`, its canonical form) in
    front of it; None when that reading says nothing the question alone would not."""
    facts = previous.facts or previous.stated  # an answer, did-you-mean, or nearest fact
    context = facts[0] if facts else None
    if context is None:
        return None
    chosen = pick(query, previous, analyser.language.numbers.ordinal_mark)
    if chosen is not None:
        fact = decider.store.fact(chosen)
        return Reading(decider.explain(fact), context)
    if query.scope is not None:  # "and since it began?": the new scope, not the old one's
        base = analyser.without_scope_cues(" ".join(analyser.tokeniser.tokens(base)))
    combined = analyser.analyse(f"{base} {query.text}")
    # "more than 20?": a check of the last answer's figure; "so the 15th?", "in Liaoning
    # then?": of the value of the kind it states (an edition, a place)
    kind = decider.store.fact(context).check
    valued = bool(kind) and kind in query.narrowing.values() and elliptical(query, analyser)
    if query.claims or query.yes_no or valued:
        combined = dataclasses.replace(combined, yes_no=True, claims=query.claims)
    decision = decider.decide(combined)
    # the answer must account for what the question narrowed to: "in dollars?" after the
    # investment is the since-2005 figure, given in dollars; "AI?" is no question about it
    # (a value checked against the fact's own, "so the 15th?", is no such narrowing)
    if decision.kind is Kind.ANSWER:
        checked = decider.store.fact(decision.facts[0]).check if combined.yes_no else ""
        unsaid = decider.missing(query.narrowing, decision.facts[0])
        if any(k != checked for k in unsaid.values()):
            return None
    if decision.kind is Kind.ANSWER or (decision.kind is Kind.ABSTAIN and decision.stated):
        return Reading(decision, context)
    return None
