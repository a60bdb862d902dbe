"""The editors' admin, one module per screen group (as Wagtail lays out its admin).

Request handling only: what an action does lives in `archive.curation` (uploads: `archive.uploads`),
which records history and index changes and commits in transactions of its own; a change form's
save is one transaction (Django's). Search shows a change as soon as it commits. Importing this
package (Django's admin autodiscovery) registers every screen.
"""

from django.contrib import admin

from archive.admin import alerts, articles, attachments, gazetteers, history  # noqa: F401 - registers the screens
from archive.admin.forms import LinesField, PartialDateField

# The article list needs the width at 1366 px (its filters take a column already); the index page and the
# breadcrumbs lead to every screen.
admin.site.enable_nav_sidebar = False
# The archive's name, not Django's: every editor's page was "… | Django site admin" under "Django administration".
admin.site.site_header = "News archive: editing"
admin.site.site_title = "News archive editing"

__all__ = ["LinesField", "PartialDateField"]
