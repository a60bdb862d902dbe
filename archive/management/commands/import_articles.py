from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.attachments import attachments_of_files, import_attachments
from archive.importers import import_paths, passed_over, without_query_log
from archive.ingest import SUPPORTED_SUFFIXES
from archive.models import Article


class Command(BaseCommand):
    help = f"Import articles from {', '.join(SUPPORTED_SUFFIXES)} files or directories (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")
        parser.add_argument(
            "--attachments",
            action="store_true",
            help="Also import the e-mails' attachments of a supported type (PDF, web page, text ...) as articles.",
        )
        parser.add_argument(
            "--replace-edited",
            action="store_true",
            help="Update from the files also the articles an editor changed since their import (by default those "
            "are kept, and their records reported as skipped).",
        )
        parser.add_argument(
            "--reparse",
            action="store_true",
            help="Read the files again with the current parsers and update the articles whose title, text, date, "
            "author, dateline or source come out differently (after an upgrade improved a parser); by default a "
            "file imported before is unchanged unread. An article an editor changed is still kept (skipped) unless "
            "--replace-edited.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Import only into an archive with no article yet (`make setup` imports the seeds so: once, on a "
            "first set-up, never again over an archive in use, where a seed an editor deleted would come back).",
        )

    def handle(
        self,
        *args,
        paths,
        no_progress,
        verbosity,
        attachments=False,
        if_empty=False,
        replace_edited=False,
        reparse=False,
        **options,
    ):
        if if_empty and Article.objects.exists():
            self.stdout.write("The archive holds articles already: nothing imported (--if-empty).")
            return
        missing = [str(p) for p in paths if not p.exists()]
        for path in missing:
            self.stderr.write(f"{path}: no such file or directory")
        existing = [p for p in paths if p.exists()]
        if not existing:  # a mistyped path: no "Imported 0 files", no "the rest were imported"
            raise CommandError(f"Nothing imported: {_not_found(missing)} (check the path).")

        quiet = no_progress or verbosity == 0

        def progress(files):
            return tqdm(files, unit="file", disable=quiet, file=self.stderr)

        bars = []

        def index_progress(total: int):
            """Called again with more articles while a large import is indexed alongside."""
            if quiet:
                return lambda n: None
            if not bars:
                bars.append(tqdm(total=0, unit="article", desc="indexing", file=self.stderr))
            bars[0].total += total
            bars[0].refresh()
            return bars[0].update

        try:
            with without_query_log():
                report = import_paths(
                    existing,
                    progress=progress,
                    index_progress=index_progress,
                    replace_edited=replace_edited,
                    reparse=reparse,
                )
        finally:
            for bar in bars:
                bar.close()
        for file_report in report.files:
            if file_report.failed_whole:
                self.stdout.write(f"{file_report.path}: nothing imported (the reason is on stderr)")
            elif verbosity >= 2 or file_report.failed or file_report.duplicates or file_report.warnings:
                self.stdout.write(
                    f"{file_report.path}: {file_report.new} new, {file_report.updated} updated, "
                    f"{file_report.unchanged} unchanged, {len(file_report.duplicates)} duplicates, "
                    f"{file_report.skipped} skipped"
                )
            if file_report.skipped_why and verbosity >= 2:
                self.stdout.write(f"  skipped: {file_report.skipped_why}")
            for duplicate in file_report.duplicates:
                self.stdout.write(f"  duplicate: {duplicate}")
            for warning in file_report.warnings:  # stored, with something left out
                self.stdout.write(f"  warning: {warning}")
            for reason in file_report.failed:  # on stderr with the file's name: a log of stderr alone says which
                self.stderr.write(f"{file_report.path}: failed: {reason}")
        # "Read", not "Imported": of 20 files 4 may have imported nothing (each named above, its reason on stderr).
        read = f"Read {len(report.files):,} file{'' if len(report.files) == 1 else 's'}"
        whole = sum(file_report.failed_whole for file_report in report.files)
        self.stdout.write(f"{read}{f' ({whole:,} imported nothing)' if whole else ''}: {report.summary()}.")
        others = passed_over(existing)
        if others:
            shown = ", ".join(str(path) for path in others[:10]) + (
                f" and {len(others) - 10} more" if len(others) > 10 else ""
            )
            self.stdout.write(
                f"Left aside {len(others)} file{'s' if len(others) != 1 else ''} of a type the archive does not "
                f"import ({', '.join(SUPPORTED_SUFFIXES)} are imported): {shown}."
            )
        failed_attachments = self._attachments(existing) if attachments else 0
        stored = report.total("new") + report.total("updated")
        if stored and not report.index_error:
            self.stdout.write(
                f"{stored} articles searchable in {report.seconds:.1f} s end to end: {report.rate:.0f} articles/s "
                f"(import and extraction, with indexing alongside, {report.import_seconds:.1f} s; the rest of the "
                f"index update, {report.indexed} articles in all, {report.index_seconds:.1f} s)."
            )
        if report.merge is not None and report.merge.after < report.merge.before:
            self.stdout.write(
                f"Then the index's {report.merge.before} segments were merged into {report.merge.after} "
                f"in {report.merge.seconds:.1f} s."
            )
        if report.index_error:
            raise CommandError(
                f"The articles are stored, but the index could not be written ({report.index_error}): they are "
                "searchable once `check_index --repair` can write it."
            )
        if missing:
            failed = " and some files could not be imported (see above)" if not report.ok or failed_attachments else ""
            raise CommandError(f"{_not_found(missing)}{failed}; the rest were imported.")
        if not report.ok or failed_attachments:
            raise CommandError("Some files could not be imported (see above); the rest were imported.")

    def _attachments(self, paths: list[Path]) -> int:
        """Import the supported attachments of the e-mails just imported; returns how many failed."""
        results = import_attachments(attachments_of_files(paths))
        failed = 0
        for result in results:
            report = result.report
            line = (
                f"{report.path}: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
                f"{len(report.duplicates)} duplicates"
            )
            self.stdout.write(f"attachment {line}")
            for reason in report.failed:
                self.stderr.write(f"{report.path}: failed: {reason}")
            failed += bool(report.failed)
        self.stdout.write(f"Imported {len(results)} attachments as articles ({failed} with failures).")
        return failed


def _not_found(paths: list[str]) -> str:
    """ "'a.txt' does not exist", "'a.txt', 'b' and 'c.eml' do not exist": the paths given that are not there."""
    quoted = [f"'{path}'" for path in paths]
    if len(quoted) == 1:
        return f"{quoted[0]} does not exist"
    return f"{', '.join(quoted[:-1])} and {quoted[-1]} do not exist"
