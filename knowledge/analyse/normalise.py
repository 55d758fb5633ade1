"""A language's words in the store's vocabulary: spelling, synonyms, stop words, stems."""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json
import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.analyse.lookups import alternation
from knowledge.analyse.sounds import alike
from knowledge.analyse.text import Tokeniser
from knowledge.language import Language, Spelling, Stemming

# Stems kept per language: enough for every word of a store and its questions' common words;
# junk words beyond it are stemmed again rather than kept for ever.
STEM_CACHE_SIZE = 10_000


@functools.cache  # one entry per language and threshold: bounded by the languages shipped
def common_words(word_list: str, min_count: int) -> frozenset[str]:
    """Common words of a language (pyspellchecker's frequency list): never corrected."""
    if not word_list:
        return frozenset()
    resource = importlib.resources.files("spellchecker") / "resources" / f"{word_list}.json.gz"
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    # only the pairs whose count has as many digits as min_count are read: a dict of all
    # 160,000 words would be freed at once and leave some 8 MB of the process behind
    count = r"\d+" if min_count < 10 else rf"[1-9]\d{{{len(str(min_count)) - 1},}}"
    pairs = re.findall(rf'"([^"]*)": ({count})', text)
    return frozenset(
        json.loads(f'"{word}"') if "\\" in word else word
        for word, times in pairs
        if int(times) >= min_count
    )


class Stemmer:
    """A language's stemming rule: the endings cut to match "trains" with "train"."""

    def __init__(self, rule: Stemming) -> None:
        self._suffixes = tuple(rule.suffixes)
        self._min = rule.min_stem
        self._undouble = rule.undouble
        stem = self._stem
        if rule.algorithm.startswith("snowball:"):
            import snowballstemmer  # type: ignore[import-untyped]  # only the languages that use it

            snowball = snowballstemmer.stemmer(rule.algorithm.removeprefix("snowball:"))
            stem = snowball.stemWord
        self.stem = functools.lru_cache(maxsize=STEM_CACHE_SIZE)(stem)

    def _stem(self, word: str) -> str:
        """A crude stem, enough to match "trains" with "train" and "exhibited" with "exhibit"."""
        for suffix in self._suffixes:
            if len(word) >= len(suffix) + self._min and word.endswith(suffix):
                word = word[: -len(suffix)]
                if self._undouble and len(word) >= self._min and word[-1] == word[-2]:
                    return word[:-1]  # "running" -> "runn" -> "run"
                return word
        return word


class Normaliser:
    """One normaliser for phrasings and questions: tokens, spelling, synonyms, stop words."""

    def __init__(self, language: Language, tokeniser: Tokeniser) -> None:
        self.tokeniser = tokeniser
        self._spelling: Spelling = language.spelling
        synonyms = language.synonyms
        self._single = {k: v for k, v in synonyms.items() if " " not in k}
        # multi-word synonyms ("number of") are replaced before single words, longest first,
        # in one pass of one regex
        self._multi = {k: v for k, v in synonyms.items() if " " in k}
        self._multi_re = alternation(self._multi, edge=r"(?<= )", end=r"(?= )")
        self._stop = language.stop_words
        self._lexicon: frozenset[str] = frozenset()
        self._common: frozenset[str] = frozenset()
        self._lexicon_list: list[str] = []

    def learn(self, texts: Iterable[str]) -> None:
        """Spell-correct later questions towards the words of these texts and the synonyms."""
        tokens = self.tokeniser.tokens
        words = {w for text in texts for w in tokens(text)}
        words |= {w for key in (*self._single, *self._single.values()) for w in key.split()}
        words |= {w for pair in self._multi.items() for w in " ".join(pair).split()}
        self._lexicon = frozenset(words | self._stop)
        # consulted only for words the lexicon lacks
        self._common = common_words(self._spelling.word_list, self._spelling.min_count)
        shortest = self._spelling.min_length
        # stop words are correction targets too ("whcih", "ther"): a word of the language is
        # never corrected, so "weather" stays itself and does not become "whether"
        self._lexicon_list = sorted(w for w in words | self._stop if len(w) >= shortest)

    def is_word(self, word: str) -> bool:
        """True for a word of the store or a common word of the language."""
        return word in self._lexicon or word in self._common

    def _spell(self, word: str) -> str:
        """The lexicon word closest to an unknown word ('compnies' -> 'companies')."""
        if word in self._lexicon or len(word) < self._spelling.min_length or word[0].isdigit():
            return word
        if word in self._common:
            return word
        # one slip in a short word, two in a long one ("invstment"); "weather" is not "where"
        allowed = 1 if len(word) <= self._spelling.short_word else 2
        candidates = [
            (distance, -fuzz.ratio(word, match), match)
            for match, distance, _index in process.extract(
                word, self._lexicon_list, scorer=OSA.distance, score_cutoff=allowed, limit=5
            )
            # people rarely mistype the first letter; "parking" is not "barking"
            if match[0] == word[0]
        ]
        # fewest slips first; among equals the closer spelling: "wher" is "where", not "when"
        return min(candidates)[2] if candidates else word

    def words(self, text: str, *, spell: bool = True) -> list[str]:
        """The content words of the text, each in the store's vocabulary.

        `spell=False` leaves words as written: the articles' quotes are spelled right, and
        correcting them would bend them towards the store's words.
        """
        return self.words_of(self.tokeniser.tokens(text), spell=spell)

    def words_of(self, raw_tokens: list[str], *, spell: bool = True) -> list[str]:
        """The content words of already tokenised text (see Tokeniser.tokens)."""
        raw = [self._spell(w) for w in raw_tokens] if spell else raw_tokens
        joined = f" {' '.join(raw)} "
        if self._multi_re is not None:
            joined = self._multi_re.sub(lambda m: self._multi[m.group(0)], joined)
        mapped = (self._single.get(w, w) for w in joined.split())
        return [w for word in mapped for w in word.split() if w not in self._stop]

    def __call__(self, text: str) -> str:
        """The normalised text as one string, ready for a fuzzy scorer."""
        return " ".join(self.words(text))


class CjkNormaliser(Normaliser):
    """Chinese, Japanese, Korean: synonyms and stop words inside runs, then character bigrams."""

    def learn(self, texts: Iterable[str]) -> None:
        """The store's character bigrams and trigrams, which a slip is corrected towards."""
        if not self._spelling.characters:
            return
        runs = [t for text in texts for t in self.tokeniser.tokens(text) if not t.isascii()]
        runs += [w for pair in self._cjk_map.items() for w in pair if w]
        after: dict[str, set[str]] = {}
        for run in runs:
            for i in range(len(run) - 1):
                after.setdefault(run[i], set()).add(run[i + 1])
        before: dict[str, set[str]] = {}  # the characters the store writes before two others
        for run in runs:
            for i in range(len(run) - 2):
                before.setdefault(run[i + 1 : i + 3], set()).add(run[i])
        # kept as strings of characters: a set each would cost some 3 MB a language more
        self._after.update((k, "".join(sorted(v))) for k, v in after.items())
        self._before.update((k, "".join(sorted(v))) for k, v in before.items())

    def _slips_fixed(self, run: str) -> str:
        """The run with each character that sits in no store bigram, between characters the
        store does write, put as the one character that makes both its bigrams known (搏览会
        -> 博览会); at the run's ends, as the one that ends or opens a store trigram (郝明锦 ->
        郝明金, 头资总额 -> 投资总额)."""
        after, chars, rule = self._after, list(run), self._spelling.characters
        if len(chars) >= 3 and chars[1] not in after.get(chars[0], ""):
            # the run's first character: the one the store writes before the next two (头资总额)
            # (never to a question word: 那些 "those" is no slip for 哪些 "which")
            first = {c for c in self._before.get(chars[1] + chars[2], "")
                     if alike(chars[0], c, rule) and c + chars[1] not in self._asking}  # fmt: skip
            if len(first) == 1:
                chars[0] = first.pop()
        for i in range(1, len(chars)):
            following = chars[i + 1] if i + 1 < len(chars) else ""
            if chars[i] in after.get(chars[i - 1], "") or (
                following and following in after.get(chars[i], "")
            ):
                continue
            typed = chars[i]
            follows = {c for c in after.get(chars[i - 1], "") if alike(typed, c, rule)}
            fits: set[str] = set()
            if following:  # the store writes the three characters so
                fits = {c for c in follows if chars[i - 1] in self._before.get(c + following, "")}
            if not fits and i >= 2:  # the word ends here: the store's trigram decides
                fits = {
                    c for c in follows if chars[i - 2] in self._before.get(chars[i - 1] + c, "")
                }
            if len(fits) == 1:
                chars[i] = fits.pop()
        return "".join(chars)

    def words_of(self, raw_tokens: list[str], *, spell: bool = True) -> list[str]:
        """The bigrams of each run, after its synonyms and stop phrases are replaced."""
        out: list[str] = []
        for token in raw_tokens:
            if not token.isascii() and not token[0].isdigit():
                if spell and self._after:
                    token = self._slips_fixed(token)
                out.extend(self._grams(token))
            elif token not in self._stop:
                out.extend(self._single.get(token, token).split())
        return out

    def _grams(self, run: str) -> list[str]:
        """One run as bigrams: synonyms first, then stop phrases cut it into pieces."""
        if run in self._stop:
            return []
        if self._cjk_synonyms is not None:
            run = self._cjk_synonyms.sub(lambda m: self._cjk_map[m.group(0)], run)
        if self._cjk_stop is not None:
            run = self._cjk_stop.sub(" ", run)
        grams: list[str] = []
        for piece in run.split():
            grams.extend(
                [piece] if len(piece) < 2 else [piece[i : i + 2] for i in range(len(piece) - 1)]
            )
        return grams

    def __init__(self, language: Language, tokeniser: Tokeniser) -> None:
        super().__init__(language, tokeniser)
        # inside a run there are no word edges: synonyms and stop phrases match anywhere,
        # longest first; a one-character stop word would cut words apart, so it only ever
        # stands alone
        self._cjk_map = {
            k.replace(" ", ""): v.replace(" ", "") for k, v in language.synonyms.items() if k
        }
        self._cjk_synonyms = alternation(self._cjk_map, edge="", end="")
        self._cjk_stop = alternation(
            (w for w in language.stop_words if len(w) > 1), edge="", end=""
        )
        self._after: dict[str, str] = {}  # a character -> those the store writes after it
        self._before: dict[str, str] = {}  # two characters -> those the store writes before
        self._asking = language.question_words
