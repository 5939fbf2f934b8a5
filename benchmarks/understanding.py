"""Accuracy and speed of language resolution + intent recognition on tests/data/phrasings.tsv.

Run from the repository root:
    python -m benchmarks.understanding [--heldout|--dev] [--misses]
        [--fresh|--blind2|...|--blind16|--path FILE] [--rules-only]
--fresh evaluates tests/data/phrasings_fresh.tsv, --blindN tests/data/phrasings_blindN.tsv (all
written blind, before their writer read the vocabulary; each file's header says what was
seen of it and its first untouched run); --path evaluates any TSV with the same columns;
--rules-only measures the vocabulary's rules without the examples (rulebook/examples.tsv).
Prints accuracy overall, per script and per intent, then the misses, then the time per message.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # allow `python benchmarks/understanding.py`
    sys.path.insert(0, str(ROOT))

from bot.app import load_books  # noqa: E402
from bot.language import resolve_language  # noqa: E402
from bot.understanding import Understander, Understanding  # noqa: E402

PHRASINGS = ROOT / "tests" / "data" / "phrasings.tsv"
FRESH_PHRASINGS = ROOT / "tests" / "data" / "phrasings_fresh.tsv"
BLIND2_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind2.tsv"
BLIND3_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind3.tsv"
BLIND4_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind4.tsv"
BLIND5_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind5.tsv"
BLIND6_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind6.tsv"
BLIND8_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind8.tsv"
BLIND9_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind9.tsv"
BLIND10_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind10.tsv"
BLIND11_PHRASINGS = ROOT / "tests" / "data" / "phrasings_blind11.tsv"
# The held-out sets by their command-line name (set 7 is evaluated, not held to the floors).
SETS: dict[str, Path] = {
    "fresh": FRESH_PHRASINGS,
    **{f"blind{n}": ROOT / "tests" / "data" / f"phrasings_blind{n}.tsv" for n in range(2, 17)},
}
RULEBOOK = ROOT / "rulebook" / "mupras.toml"
SCRIPTS = ("fr", "msa", "darija_ar", "darija_latin")
HELDOUT_MARK = "# held-out"


@dataclass(frozen=True)
class Phrasing:
    """One row of the evaluation set."""

    script: str
    text: str
    intent: str
    value: str | None
    lang: str
    heldout: bool
    line: int


@dataclass(frozen=True)
class Outcome:
    """What the bot made of one phrasing."""

    phrasing: Phrasing
    got: Understanding
    lang: str

    @property
    def ok(self) -> bool:
        p = self.phrasing
        return (
            self.got.intent.value == p.intent and self.got.value == p.value and self.lang == p.lang
        )


def load_phrasings(path: Path = PHRASINGS) -> list[Phrasing]:
    """Read the TSV; rows after the '# held-out' line are the held-out part."""
    rows: list[Phrasing] = []
    heldout = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() == HELDOUT_MARK:
            heldout = True
            continue
        if not line.strip() or line.startswith("#") or line.startswith("script\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 5 or cells[0] not in SCRIPTS:
            raise ValueError(f"{path.name}:{number}: expected 5 tab-separated cells: {line!r}")
        script, text, intent, value, lang = cells
        rows.append(
            Phrasing(script, text, intent, None if value == "-" else value, lang, heldout, number)
        )
    return rows


def evaluate(understander: Understander, phrasings: Iterable[Phrasing]) -> list[Outcome]:
    """Run every phrasing through language resolution and intent recognition."""
    return [
        Outcome(p, understander.understand(p.text), resolve_language(p.text)) for p in phrasings
    ]


def accuracy(outcomes: Sequence[Outcome]) -> float:
    """Share of outcomes that are right (intent, value and reply language)."""
    return sum(o.ok for o in outcomes) / len(outcomes) if outcomes else 1.0


def by(outcomes: Sequence[Outcome], attribute: str) -> dict[str, list[Outcome]]:
    """Group outcomes by an attribute of their phrasing (script, intent)."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[str(getattr(outcome.phrasing, attribute))].append(outcome)
    return dict(groups)


def _table(title: str, groups: dict[str, list[Outcome]]) -> None:
    print(f"  {title}")
    for name in sorted(groups):
        items = groups[name]
        print(f"    {name:<14} {accuracy(items):7.1%}  ({sum(o.ok for o in items)}/{len(items)})")


def report(title: str, outcomes: Sequence[Outcome], *, misses: bool) -> None:
    """Print accuracy overall, per script, per intent, and the misses."""
    print(f"{title}: {accuracy(outcomes):.1%} ({sum(o.ok for o in outcomes)}/{len(outcomes)})")
    _table("per script", by(outcomes, "script"))
    _table("per intent", by(outcomes, "intent"))
    if misses:
        wrong = [o for o in outcomes if not o.ok]
        print(f"  misses ({len(wrong)})")
        for o in wrong:
            p = o.phrasing
            print(
                f"    line {p.line} [{p.script}] {p.text!r}: expected"
                f" {p.intent}/{p.value}/{p.lang}, got {o.got.intent.value}/{o.got.value}/{o.lang}"
            )


def timing(understander: Understander, texts: Sequence[str], rounds: int = 20) -> None:
    """Print median and p99 time per message (understand + resolve_language), cold cache off."""
    samples: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            understander.understand(text)
            resolve_language(text)
            samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    p99 = samples[int(len(samples) * 0.99) - 1]
    print(
        f"time per message: median {statistics.median(samples):.0f} µs, p99 {p99:.0f} µs,"
        f" max {samples[-1]:.0f} µs ({len(samples)} calls)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    part = parser.add_mutually_exclusive_group()
    part.add_argument("--heldout", action="store_true", help="only the held-out part")
    part.add_argument("--dev", action="store_true", help="only the development part")
    source = parser.add_mutually_exclusive_group()
    for name, path in SETS.items():
        source.add_argument(
            f"--{name}", dest="set", action="store_const", const=name, help=f"evaluate {path.name}"
        )
    source.add_argument("--path", type=Path, help="evaluate this TSV instead")
    parser.add_argument(
        "--rules-only", action="store_true", help="the vocabulary's rules without the examples"
    )
    args = parser.parse_args(argv)
    understander = load_books(RULEBOOK)[1]  # as the bot reads messages
    if args.rules_only:
        understander = Understander(understander.vocabulary)
    path = args.path or (SETS[args.set] if args.set else PHRASINGS)
    phrasings = load_phrasings(path)
    print(f"evaluation set: {path.name}")
    if args.heldout:
        phrasings = [p for p in phrasings if p.heldout]
    elif args.dev:
        phrasings = [p for p in phrasings if not p.heldout]
    outcomes = evaluate(understander, phrasings)
    report("all selected", outcomes, misses=args.misses)
    if not (args.heldout or args.dev) and any(p.heldout for p in phrasings):
        report("development part", [o for o in outcomes if not o.phrasing.heldout], misses=False)
        report("held-out part", [o for o in outcomes if o.phrasing.heldout], misses=False)
    timing(understander, [p.text for p in phrasings])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
