"""The archive's data: sources, articles, the gazetteers and the tags that join them.

One module a concern (base, entities, articles and their tags, copies, alerts, attachments); the rest of the
app imports every name from here (`from archive.models import Article`), never from a submodule.
"""

from archive.dates import Precision  # the one Precision, also imported from here
from archive.models.alerts import SentAlert, Subscription, SubscriptionQuerySet
from archive.models.articles import (
    Article,
    ArticleCountry,
    ArticleOrganisation,
    ArticleQuerySet,
    ArticleTag,
    TagOrigin,
    TagQuerySet,
    article_slug,
    format_partial_date,
    sees_unpublished,
)
from archive.models.attachments import ArticleAttachment, AttachmentQuerySet
from archive.models.base import IndexChange, IndexedModel, PlainTextField, PlainTextFormField, id_chunks
from archive.models.copies import CopyBucket, CopyFingerprint, CopyGroup
from archive.models.entities import Country, Organisation, OrganisationQuerySet, Source, records_version

__all__ = [
    "Article",
    "ArticleAttachment",
    "ArticleCountry",
    "ArticleOrganisation",
    "ArticleQuerySet",
    "ArticleTag",
    "AttachmentQuerySet",
    "CopyBucket",
    "CopyFingerprint",
    "CopyGroup",
    "Country",
    "IndexChange",
    "IndexedModel",
    "Organisation",
    "OrganisationQuerySet",
    "PlainTextField",
    "PlainTextFormField",
    "Precision",
    "SentAlert",
    "Source",
    "Subscription",
    "SubscriptionQuerySet",
    "TagOrigin",
    "TagQuerySet",
    "article_slug",
    "format_partial_date",
    "id_chunks",
    "records_version",
    "sees_unpublished",
]
