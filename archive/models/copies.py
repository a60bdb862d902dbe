"""Copies of one story: the groups, and what detection (archive.copies) stores to find them."""

from __future__ import annotations

from django.db import models

from archive.models.articles import Article


class CopyGroup(models.Model):
    """Articles that are copies of one story (syndicated versions, near-identical bodies)."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Copy group {self.pk}"


class CopyFingerprint(models.Model):
    """An article's MinHash signature (archive.copies), kept to verify LSH candidates, and the editor's say."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="copy_fingerprint")
    signature = models.BinaryField(help_text="MinHash hash values, little-endian uint64.")
    checksum = models.CharField(max_length=64, help_text="The body checksum the signature was made from.")
    detached = models.BooleanField(
        default=False, help_text="An editor split it out of its group: detection never regroups it."
    )

    def __str__(self) -> str:
        return f"Fingerprint of article {self.article_id}"


class CopyBucket(models.Model):
    """One LSH band of an article's signature: articles sharing a (band, bucket) are candidate copies."""

    band = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["band", "bucket"], name="archive_copybucket_band_bucket")]

    def __str__(self) -> str:
        return f"Band {self.band} bucket {self.bucket} of article {self.article_id}"
