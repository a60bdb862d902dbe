from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "News archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signal wiring and system checks live here, imported once the models are ready.
        from archive import checks, signals  # noqa: F401
        from archive.api.ninja_fixes import install as install_ninja_fixes
        from archive.search import install_whoosh_patches

        install_ninja_fixes()  # HEAD as GET, a wrong method's 405 as JSON

        # Once per process, before anything reads or writes the index: every process (server,
        # command, indexing child) answers queries with the same, fixed Whoosh.
        install_whoosh_patches()
