"""E-mail attachments: listed per article (their own screen, and on the article's change form), downloaded, and
imported as articles of their own (an action)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from archive.attachments import import_attachments, importable
from archive.models import Article, ArticleAttachment


class DeletesAttachments:
    """For the articles' admin: an article's attachments are deleted with it. Their own screen deletes none
    (`ArticleAttachmentAdmin.has_delete_permission`), which Django's deletion check read as the editor lacking a
    permission: an e-mail with an attachment could not be deleted, by a superuser either."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(ArticleAttachment._meta.verbose_name)
        return deleted, counts, perms_needed, protected


@admin.register(ArticleAttachment)
class ArticleAttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "article_link", "content_type", "file_size", "can_import"]
    list_select_related = ["article"]
    search_fields = ["filename", "article__title", "article__import_ref"]
    list_filter = ["content_type", "stored"]
    actions = ["import_as_articles"]
    fields = ["article", "filename", "content_type", "file_size", "sha256", "stored", "download"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request) -> bool:
        return False  # attachments come with imported e-mails only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # they go with their article

    @admin.display(description="Article", ordering="article__title")
    def article_link(self, attachment: ArticleAttachment) -> str:
        url = reverse("admin:archive_article_change", args=[attachment.article_id])
        return format_html('<a href="{}">{}</a>', url, attachment.article.title[:80])

    @admin.display(description="Size", ordering="size")
    def file_size(self, attachment: ArticleAttachment) -> str:
        return filesizeformat(attachment.size)

    @admin.display(description="Importable")
    def can_import(self, attachment: ArticleAttachment) -> str:
        return importable(attachment) or "yes"

    @admin.display(description="Download")
    def download(self, attachment: ArticleAttachment) -> str:
        if not attachment.stored:
            return "not kept (over the size limit)"
        url = reverse("archive:article-attachment", args=[attachment.article_id, attachment.position])
        return format_html('<a href="{}" download>{}</a>', url, attachment.filename)

    @admin.action(description="Import as articles (PDF, web page, text …)", permissions=["change"])
    def import_as_articles(self, request, queryset):
        for result in import_attachments(queryset.select_related("article")):
            report = result.report
            name = result.attachment.filename
            if report.failed:
                reasons = "; ".join(report.failed)
                self.message_user(request, f"Attachment {name}: not imported: {reasons}", messages.ERROR)
                continue
            summary = f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged"
            if report.duplicates:
                summary += f", {len(report.duplicates)} duplicates ({'; '.join(report.duplicates)})"
            self.message_user(request, f"Attachment {name}: {summary}.", messages.SUCCESS)


@admin.display(description="Attachments")
def attachment_list(article: Article) -> str:
    """The article's attachments on its change form (read only): name, type, size, download and their screen."""
    attachments = list(ArticleAttachment.objects.filter(article_id=article.pk).listed()) if article.pk else []
    if not attachments:
        return "None."
    rows = format_html_join(
        "",
        '<li>{} ({}, {}): {} · <a href="{}">details</a></li>',
        (
            (
                a.filename,
                a.content_type or "unknown type",
                filesizeformat(a.size),
                format_html(
                    '<a href="{}" download>download</a>',
                    reverse("archive:article-attachment", args=[a.article_id, a.position]),
                )
                if a.stored
                else "not kept (over the size limit)",
                reverse("admin:archive_articleattachment_change", args=[a.pk]),
            )
            for a in attachments
        ),
    )
    every = reverse("admin:archive_articleattachment_changelist") + f"?article__id__exact={article.pk}"
    return format_html('<ul class="attachment-list">{}</ul><a href="{}">All on the attachments screen</a>', rows, every)
