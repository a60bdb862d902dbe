from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "News archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signal wiring and system checks live here, imported once the models are ready.
        from archive import checks, signals  # noqa: F401
