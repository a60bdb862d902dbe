"""Files that came with an article."""

from __future__ import annotations

from django.db import models

from archive.models.articles import Article


class AttachmentQuerySet(models.QuerySet):
    def listed(self) -> AttachmentQuerySet:
        """For lists (the article page, the admin): everything but the bytes, in the message's order."""
        return self.defer("data").order_by("position", "pk")


class ArticleAttachment(models.Model):
    """A file that came with an article (an e-mail's attachment), kept as received.

    ``data`` holds the bytes when they are within ARCHIVE_MAX_ATTACHMENT_BYTES; a larger file is listed
    (name, type, size, checksum) with ``stored`` off. Served only as a download (archive/attachment_views.py).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveIntegerField(default=1, help_text="Its place among the message's attachments.")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, help_text="As the message declared it.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField(blank=True, default=b"")
    stored = models.BooleanField(default=True, help_text="Off when the file was over the size limit and not kept.")

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="attachment_position_unique")]

    def __str__(self) -> str:
        return self.filename
