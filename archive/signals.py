"""Record every change that alters what the index holds, in the transaction that makes it.

Covers saves and deletes of articles and their tags, many-to-many changes through the related
managers, and renames of countries, organisations and sources (their names are in the indexed
text; their codes and slugs are facet values). Bulk paths that bypass signals (`update()`, `bulk_create`, merges) call
`archive.search.record_changes` themselves.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from archive import copies, recovery
from archive.models import Article, ArticleCountry, ArticleOrganisation, CopyGroup, Country, Organisation, Source
from archive.search import record_changes


@receiver(post_save, sender=Article, dispatch_uid="index_article_saved")
@receiver(post_delete, sender=Article, dispatch_uid="index_article_deleted")
def article_changed(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    record_changes([instance.pk])


@receiver(pre_save, sender=Article, dispatch_uid="copies_body_before")
def body_before(sender, instance: Article, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Whether this save changes the normalised body, against the body as stored, read in the saving transaction
    (as the gazetteer renames below); the checksum follows the body. New articles are fingerprinted by the import."""
    if raw or instance._state.adding or (update_fields is not None and "body" not in update_fields):
        return
    stored = sender._base_manager.filter(pk=instance.pk).values_list("body", flat=True).first()
    if stored is None or stored == instance.body:
        return
    from archive.importers import checksum  # the one definition of the normalised body; heavy to import at start

    digest = checksum(instance.body)
    if digest != checksum(stored):
        instance.checksum = digest
        instance._body_changed = True


@receiver(post_save, sender=Article, dispatch_uid="copies_body_changed")
def body_changed(sender, instance: Article, update_fields=None, **kwargs) -> None:
    """A changed body is fingerprinted again and its group decided anew (history, reindex), in the same transaction;
    with detection off the new checksum is left for `group_copies` (`copies.stale`)."""
    if not instance.__dict__.pop("_body_changed", False):
        return
    if update_fields is not None and "checksum" not in update_fields:
        Article.objects.filter(pk=instance.pk).update(checksum=instance.checksum)
    if copies.enabled():
        copies.refresh([instance])


@receiver(post_delete, sender=Article, dispatch_uid="copies_article_deleted")
def group_left_alone(sender, instance: Article, **kwargs) -> None:
    """An article deleted from a group of two leaves the other a copy of nothing: the group is dissolved
    (NULL means no known copy), as a split does; its last member is reindexed."""
    if instance.copy_group_id is not None:
        record_changes(copies.dissolve_singletons([instance.copy_group_id]))


@receiver(pre_delete, sender=CopyGroup, dispatch_uid="index_copy_group_deleted")
def copy_group_deleted(sender, instance: CopyGroup, **kwargs) -> None:
    """Deleting a group sets its members' copy_group to NULL by an update() (no article signal): the index
    holds each member's group (one search row per group), so they are queued here, in the same transaction."""
    record_changes(Article.objects.filter(copy_group=instance).values_list("pk", flat=True))


@receiver(post_save, sender=ArticleCountry, dispatch_uid="index_country_tag_saved")
@receiver(post_delete, sender=ArticleCountry, dispatch_uid="index_country_tag_deleted")
@receiver(post_save, sender=ArticleOrganisation, dispatch_uid="index_org_tag_saved")
@receiver(post_delete, sender=ArticleOrganisation, dispatch_uid="index_org_tag_deleted")
def tag_changed(sender, instance, **kwargs) -> None:
    record_changes([instance.article_id])


@receiver(pre_delete, sender=ArticleCountry, dispatch_uid="tag_deleted_with_article")
@receiver(pre_delete, sender=ArticleOrganisation, dispatch_uid="org_tag_deleted_with_article")
def tag_deleted_with_article(sender, instance, origin=None, **kwargs) -> None:
    """A tag going because its article is deleted says so in its history, so restoring the article brings back these
    tags and not those an editor deleted before (`archive.recovery`)."""
    if isinstance(origin, Article) or (isinstance(origin, models.QuerySet) and origin.model is Article):
        instance._change_reason = recovery.DELETED_WITH_ARTICLE


@receiver(m2m_changed, sender=ArticleCountry, dispatch_uid="index_country_m2m")
@receiver(m2m_changed, sender=ArticleOrganisation, dispatch_uid="index_org_m2m")
def tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        if action == "pre_clear" and reverse:
            # Clearing from the country/organisation side: remember whose tags go.
            instance._index_cleared_ids = list(instance.articles.values_list("pk", flat=True))
        return
    if not reverse:
        record_changes([instance.pk])
    elif action == "post_clear":
        record_changes(getattr(instance, "_index_cleared_ids", []))
    else:
        record_changes(pk_set or [])


# What the index holds of each gazetteer entry: its names in the article's text
# (templates/search/indexes/archive/article_text.txt) and its exact facet value (codes and slugs in
# archive/search/indexes.py). Aliases, kinds and the like are not indexed: changing them reindexes nothing.
INDEXED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Country: ("name", "code"),
    Organisation: ("name", "acronym", "slug"),
    Source: ("name", "slug"),
}


def indexed_values(instance: models.Model) -> tuple:
    return tuple(getattr(instance, field) for field in INDEXED_FIELDS[type(instance)])


@receiver(pre_save, sender=Country, dispatch_uid="index_country_before")
@receiver(pre_save, sender=Organisation, dispatch_uid="index_org_before")
@receiver(pre_save, sender=Source, dispatch_uid="index_source_before")
def remember_indexed_values(sender, instance, update_fields=None, **kwargs) -> None:
    """The indexed values as stored, read in the saving transaction (a revert's instance was never loaded)."""
    fields = INDEXED_FIELDS[sender]
    if instance.pk is None or (update_fields is not None and not set(update_fields) & set(fields)):
        instance._indexed_before = indexed_values(instance)  # nothing indexed can change
        return
    instance._indexed_before = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()


@receiver(post_save, sender=Country, dispatch_uid="index_country_renamed")
@receiver(post_save, sender=Organisation, dispatch_uid="index_org_renamed")
@receiver(post_save, sender=Source, dispatch_uid="index_source_renamed")
def gazetteer_entry_changed(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    before = instance.__dict__.pop("_indexed_before", None)
    if created or before == indexed_values(instance):
        return
    record_changes(instance.articles.values_list("pk", flat=True))
