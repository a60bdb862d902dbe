import json
import os
import statistics

from django.core.management.base import BaseCommand, CommandError

from archive.search import RESOLVERS, IndexUnavailable, evaluate_suggestions

TARGETS = {"one_edit": 0.85, "two_edits": 0.60, "non_words": 0.90, "sound_alike": 0.85}


def _times(values: list[float]) -> dict[str, float]:
    if not values:
        return {"median": 0.0, "p95": 0.0, "max": 0.0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 2), "p95": round(p95, 2), "max": round(ordered[-1], 2)}


class Command(BaseCommand):
    help = (
        "Measure “did you mean” on the current archive: misspellings (one and two edits, and spelt as heard) of "
        "its most frequent words, which the suggestion should restore, and random non-words, which should get none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--words", type=int, default=200, help="how many frequent words to misspell (200)")
        parser.add_argument("--non-words", type=int, default=200, help="how many random non-words (200)")
        parser.add_argument("--seed", type=int, default=18, help="the random seed (18): the same seed, the same run")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the figures as JSON")
        parser.add_argument("--show", type=int, default=10, help="print up to this many failures of each kind")

    def handle(self, *args, words: int, non_words: int, seed: int, as_json: bool, show: int, **options):
        if words < 1 or non_words < 0:
            raise CommandError("--words must be at least 1 and --non-words at least 0.")
        try:
            report = evaluate_suggestions(words=words, non_words=non_words, seed=seed, resolvers=RESOLVERS)
        except IndexUnavailable as error:
            raise CommandError(f"The search index cannot be read: {error}") from error
        if not report.words:
            raise CommandError("The archive has no words to misspell: import articles and build the index first.")
        shares = {name: report.share(getattr(report, name)) for name in TARGETS}
        figures = {
            "articles": report.articles,
            "vocabulary": report.vocabulary,
            "seed": seed,
            "words": len(report.words),
            "left_out": report.left_out,
            "found_enough": len(report.found_enough),
            **{name: {"share": round(shares[name], 4), "trials": len(getattr(report, name))} for name in TARGETS},
            "correction_ms": {"wall": _times(report.correction_wall_ms), "cpu": _times(report.correction_cpu_ms)},
            "search_ms": {"wall": _times(report.search_wall_ms), "cpu": _times(report.search_cpu_ms)},
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        if as_json:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        left_out = ", ".join(f"{count} {why}" for why, count in report.left_out.items())
        self.stdout.write(
            f"{report.articles} articles, {report.vocabulary} distinct words; the {len(report.words)} most "
            f"frequent words of letters only (left out on the way: {left_out}); seed {seed}"
        )
        self.stdout.write(
            f"misspellings drawn again because their search found enough (>= 3 articles, no suggestion by design): "
            f"{len(report.found_enough)}"
            + (f", e.g. {', '.join(report.found_enough[:8])}" if report.found_enough else "")
        )
        labels = {
            "one_edit": "one edit: suggestion restores the word",
            "two_edits": "two edits: suggestion restores the word",
            "non_words": "non-words (distance >= 3): no suggestion",
            "sound_alike": "spelt as heard: suggestion restores the word",
        }
        for name, label in labels.items():
            trials = getattr(report, name)
            verdict = "meets" if shares[name] >= TARGETS[name] else "BELOW"
            self.stdout.write(
                f"{label:44} {sum(t.right for t in trials):4}/{len(trials):<4} = {shares[name]:6.1%}"
                f"  (target {TARGETS[name]:.0%}: {verdict})"
            )
            wrong = [t for t in trials if not t.right][:show]
            if wrong:
                shown = ", ".join(f"{t.typed}→{t.suggestion or '∅'} ({t.wanted or 'none'})" for t in wrong)
                self.stdout.write(f"    e.g. {shown}")
        for name, key in (("correction alone", "correction_ms"), ("whole search", "search_ms")):
            wall, cpu = figures[key]["wall"], figures[key]["cpu"]
            self.stdout.write(
                f"{name:17} per misspelled search: wall median {wall['median']} / p95 {wall['p95']} / max "
                f"{wall['max']} ms; CPU median {cpu['median']} / p95 {cpu['p95']} / max {cpu['max']} ms"
            )
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        self.stdout.write(f"load average while measuring: {load}")
