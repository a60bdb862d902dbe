import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.extraction_evaluation import SPLITS, evaluate_reuters, split_files
from archive.gazetteers import current_gazetteer
from archive.record_extraction import extract_record

DEFAULT_CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpora" / "reuters21578"


class Command(BaseCommand):
    help = "Score extraction against the Reuters-21578 PLACES and ORGS labels (precision, recall, F1, speed)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help=f"default: {DEFAULT_CORPUS}/*.sgm")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the report as JSON")
        parser.add_argument(
            "--via-contract",
            action="store_true",
            help="feed each story as extract_entities receives it (JSON, the dateline at the start of the body)",
        )
        parser.add_argument(
            "--split",
            choices=SPLITS,
            default="all",
            help="tune: reut2-000..005 (where rules are chosen); held-out: reut2-006..010; all (default)",
        )

    def handle(self, *args, paths, as_json: bool, via_contract: bool, split: str, **options):
        if not paths:
            paths = sorted(DEFAULT_CORPUS.glob("*.sgm"))
        files = [p for path in paths for p in (sorted(path.glob("*.sgm")) if path.is_dir() else [path])]
        files = split_files(files, split)
        if not files:
            raise CommandError(
                f"No .sgm files of the {split} split found (looked in {', '.join(map(str, paths)) or DEFAULT_CORPUS})."
            )
        report = evaluate_reuters(files, current_gazetteer(), contract=extract_record if via_contract else None)
        if as_json:
            self.stdout.write(json.dumps(report, indent=2))
            return
        way = "through the extract_entities contract" if via_contract else "with the dateline as a field"
        self.stdout.write(f"{report['articles']} stories from {report['files']} files ({split}), {way}")
        for name in ("countries", "organisations"):
            s = report[name]
            self.stdout.write(f"{name:14} precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
            for label, key in (("misses", "top_misses"), ("false alarms", "top_false_alarms")):
                if s.get(key):
                    top = ", ".join(f"{value} {count}" for value, count in s[key][:10])
                    self.stdout.write(f"  most frequent {label}: {top}")
        self.stdout.write(f"extraction speed: {report['articles_per_second']} articles/s")
