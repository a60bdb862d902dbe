from django import template

from archive import copies
from archive.models import sees_unpublished

register = template.Library()


@register.simple_tag(takes_context=True)
def other_versions(context, article) -> list:
    """The article's other versions (its copy group), earliest first; editors also see unpublished ones."""
    request = context.get("request")
    editor = request is not None and sees_unpublished(getattr(request, "user", None))
    return list(copies.other_versions(article, published_only=not editor))
