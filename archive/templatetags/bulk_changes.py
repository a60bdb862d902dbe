"""The message list's Undo form for a bulk tag change's message (`archive.admin.bulk_actions`)."""

from django import template

from archive.admin.bulk_actions import undo_batch

register = template.Library()

register.filter("undo_batch", undo_batch)
