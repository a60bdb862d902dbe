import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.copies import evaluation

DEFAULT_CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpora" / "reuters21578"
DEFAULT_SAMPLE = Path(settings.BASE_DIR) / "tests" / "copies" / "fixtures" / "reuters_copy_pairs.json"


class Command(BaseCommand):
    # The quality figures need no database, and the import measurement's child migrates its own.
    requires_system_checks = []
    help = (
        "Copy detection on Reuters-21578: detected pairs, precision on a hand-labelled sample, recall against "
        "identical titles with bodies >= 80 % alike; with --import-rounds the import rate with detection on and "
        "off, with --data-dir the group lookup latency in an existing archive (e.g. one of 100,000 articles)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help=f"default: {DEFAULT_CORPUS}/*.sgm")
        parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help=f"default: {DEFAULT_SAMPLE}")
        parser.add_argument("--draw-sample", type=int, metavar="N", help="print N detected pairs to label, as JSON")
        parser.add_argument(
            "--import-rounds", type=int, default=0, metavar="N", help="N imports with detection off, N on"
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            help="an archive's data dir (use a copy: migrated and fingerprinted first): time group lookups there",
        )
        parser.add_argument("--lookups", type=int, default=500)
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--child", choices=["import", "latency"], help=argparse_hidden())
        parser.add_argument("--out", type=Path, help=argparse_hidden())

    def handle(self, *args, paths, sample, draw_sample, import_rounds, data_dir, lookups, as_json, child, out, **opts):
        paths = paths or [DEFAULT_CORPUS]
        files = [p for path in paths for p in (sorted(path.glob("*.sgm")) if path.is_dir() else [path])]
        if child == "import":
            out.write_text(json.dumps(evaluation.import_cost(files[0].parent, import_rounds)))
            return
        if child == "latency":
            out.write_text(json.dumps(evaluation.lookup_latency(lookups)))
            return
        if not files:
            raise CommandError(f"No .sgm files found (looked in {', '.join(map(str, paths))}).")
        missing = [str(file) for file in files if not file.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}.")
        stories = evaluation.load_stories(files)
        if draw_sample:
            self.stdout.write(json.dumps({"pairs": evaluation.draw_sample(stories, draw_sample, 19)}, indent=1))
            return
        if not sample.is_file():
            raise CommandError(f"No labelled sample at {sample}.")
        report = {"quality": evaluation.quality(stories, sample)}
        if import_rounds:
            with tempfile.TemporaryDirectory(prefix="copies-import-") as work:
                report["import"] = self._child("import", Path(work), files, import_rounds, lookups)
        if data_dir is not None:
            if not (data_dir / "archive.sqlite3").is_file():
                raise CommandError(f"No archive.sqlite3 in {data_dir}.")
            report["lookup"] = self._child("latency", data_dir, files, 0, lookups)
        if as_json:
            self.stdout.write(json.dumps(report, indent=1))
        else:
            self._print(report)

    def _child(self, phase: str, data_dir: Path, files: list[Path], rounds: int, lookups: int) -> dict:
        env = dict(os.environ)
        env["ARCHIVE_DATA_DIR"] = str(data_dir)
        env["DATABASE_URL"] = f"sqlite:///{data_dir / 'archive.sqlite3'}"
        env.setdefault("ARCHIVE_LOG_LEVEL", "WARNING")
        out = Path(tempfile.mkstemp(prefix=f"copies-{phase}-", suffix=".json")[1])
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "evaluate_copies", str(files[0])]
        command += ["--child", phase, "--out", str(out), "--import-rounds", str(rounds), "--lookups", str(lookups)]
        try:
            if subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False).returncode != 0:
                raise CommandError(f"the {phase} measurement failed")
            return json.loads(out.read_text())
        finally:
            out.unlink(missing_ok=True)

    def _print(self, report: dict) -> None:
        q = report["quality"]
        self.stdout.write(
            f"{q['stories']} stories stored; {q['detected_pairs']} pairs detected, {q['grouped_stories']} stories "
            f"in {q['groups']} groups"
        )
        s = q["sample"]
        self.stdout.write(
            f"precision: {s['same_story']} of the {s['still_detected']} labelled pairs still detected are one story "
            f"({_share(s['precision'])}; {s['labelled']} labelled)"
        )
        for line in s["not_same"]:
            self.stdout.write(f"  not one story: {line}")
        self.stdout.write(
            f"recall: {_share(q['recall'])} of {q['reference_pairs']} reference pairs (identical titles, bodies >= 80 "
            f"% alike) end in one group; of them {q['reference_recurring_reports']} are recurring reports (same words, "
            f"other figures) and {q['reference_too_short']} too short to group (< {evaluation.signatures.MIN_WORDS} "
            f"words); on the other {q['reference_copies']}: {_share(q['recall_on_copies'])}"
        )
        for a, b in q["missed_copies"]:
            self.stdout.write(f"  missed: {a} {b}")
        pair = q["issue_pair"]
        if pair["word_jaccard"] is None:  # the files given do not hold both stories
            self.stdout.write(f"the issue's pair (“{evaluation.ISSUE_PAIR_TITLE}”): not both in the files read")
        else:
            self.stdout.write(
                f"the issue's pair ({' and '.join(pair['refs'])}, bodies {pair['word_jaccard']:.0%} alike by words): "
                f"{'grouped' if pair['grouped'] else 'NOT grouped'}"
            )
        if "import" in report:
            i = report["import"]
            rates = ", ".join(
                f"{mode} {r['articles_per_s']:.0f}/s ({r['seconds']:.1f} s, CPU {r['cpu_import_process_s']:.0f} s "
                f"+ {r['cpu_indexing_processes_s']:.0f} s indexing)"
                for pair in zip(i["runs"]["off"], i["runs"]["on"], strict=True)  # in the order they ran
                for mode, r in zip(("off", "on"), pair, strict=True)
            )
            self.stdout.write(
                f"import end to end (until searchable): {rates}; detection on at {i['ratio']:.0%} of the rate off"
            )
        if "lookup" in report:
            lk = report["lookup"]
            self.stdout.write(
                f"group lookup of a new article at {lk['articles']:,} articles: median {lk['median_ms']:.2f} ms, "
                f"p95 {lk['p95_ms']:.2f} ms (CPU median {lk['cpu_median_ms']:.2f} ms; {lk['found_a_group']} of "
                f"{lk['lookups']} found a group)"
            )
            if lk["fingerprinted_now"]:
                self.stdout.write(
                    f"  (first fingerprinted {lk['fingerprinted_now']:,} articles in {lk['backfill_seconds']:.0f} s)"
                )


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


def _share(value: float | None) -> str:
    """A share as a percentage; "n/a" when the files read hold nothing to count it on (part of the corpus)."""
    return "n/a" if value is None else f"{value:.1%}"
