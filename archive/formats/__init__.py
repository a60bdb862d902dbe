"""The archive's own date formats, over Django's for the site's language (settings.FORMAT_MODULE_PATH)."""
