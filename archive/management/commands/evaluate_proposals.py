from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.gazetteers import current_gazetteer
from archive.proposals_evaluation import distinct_proposals, score_sample

DEFAULT_CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpora" / "reuters21578"
DEFAULT_SAMPLE = Path(settings.BASE_DIR) / "tests" / "extraction" / "fixtures" / "reuters_proposals_sample.json"


class Command(BaseCommand):
    help = (
        "How many organisations importing Reuters-21578 would propose, and the share of real organisations "
        "in a hand-labelled sample of proposals."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help=f"default: {DEFAULT_CORPUS}/*.sgm")
        parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help=f"default: {DEFAULT_SAMPLE}")
        parser.add_argument("--list", action="store_true", dest="as_list", help="print every proposal, one a line")

    def handle(self, *args, paths, sample, as_list, **options):
        paths = paths or [DEFAULT_CORPUS]
        files = [p for path in paths for p in (sorted(path.glob("*.sgm")) if path.is_dir() else [path])]
        if not files:
            raise CommandError(f"No .sgm files found (looked in {', '.join(map(str, paths))}).")
        if not sample.is_file():
            raise CommandError(f"No labelled sample at {sample}.")
        gazetteer = current_gazetteer()
        proposals = distinct_proposals(files, gazetteer)
        if as_list:
            for proposal in proposals:
                self.stdout.write(f"{proposal.name} ({proposal.acronym})")
        self.stdout.write(f"{len(proposals)} distinct organisations proposed from {len(files)} files")
        score = score_sample(sample, gazetteer)
        self.stdout.write(
            f"hand-labelled sample: {score.organisations} of {score.labelled} are organisations "
            f"({score.share:.0%}); the current rule still proposes {score.still_proposed} of them"
        )
