"""What an adherent's free text asks: a care category, a contact, a definition, the validity...

Pure Python, no Telegram. The words live in ``rulebook/vocabulary.toml`` (per language), checked
against the rulebook (``rulebook/mupras.toml``), which alone lists the kinds of care, contacts,
terms and conditions. They are compiled once at load time and a message is matched in well under
a millisecond. By job:

- :mod:`~bot.understanding.normalization`: words cut out of the folded text and made into keys
  (accents, Arabic letter variants, light stemming: French plurals, Arabic clitics and suffixes);
- :mod:`~bot.understanding.vocabulary`: the vocabulary file read, checked against the rulebook,
  compiled (``*`` prefixes written in the data, ``|`` alternatives, ``+`` combinations);
- :mod:`~bot.understanding.matching`: the indexes, a bounded fuzzy match for typos, and the
  weighted signals a message gives;
- :mod:`~bot.understanding.examples`: labelled example messages (``rulebook/examples.tsv``),
  learnt at first use, and what a new message most resembles;
- :mod:`~bot.understanding.decision`: the ordered table of named rules that turns the signals
  into an :class:`Understanding` (the first rule that decides wins), and where the examples
  decide instead.
"""

from bot.understanding.decision import NAMED_IDS, RULES, Intent, Understander, Understanding
from bot.understanding.examples import (
    DEFAULT_EXAMPLES_PATH,
    Examples,
    ExamplesError,
    Guess,
    load_examples,
)
from bot.understanding.normalization import (
    arabic_forms,
    latin_key,
    normalize,
    token_forms,
    token_key,
    tokenize,
)
from bot.understanding.vocabulary import (
    DEFAULT_VOCABULARY_PATH,
    Phrase,
    Term,
    Vocabulary,
    VocabularyError,
    Word,
    load_vocabulary,
    parse_vocabulary,
)

__all__ = [
    "DEFAULT_EXAMPLES_PATH",
    "DEFAULT_VOCABULARY_PATH",
    "NAMED_IDS",
    "RULES",
    "Examples",
    "ExamplesError",
    "Guess",
    "Intent",
    "Phrase",
    "Term",
    "Understander",
    "Understanding",
    "Vocabulary",
    "VocabularyError",
    "Word",
    "arabic_forms",
    "latin_key",
    "load_examples",
    "load_vocabulary",
    "normalize",
    "parse_vocabulary",
    "token_forms",
    "token_key",
    "tokenize",
]
