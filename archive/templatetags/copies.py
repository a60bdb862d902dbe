from django import template

from archive import copies

register = template.Library()


@register.simple_tag(takes_context=True)
def other_versions(context, article) -> list:
    """The article's other versions (its copy group), earliest first; staff also see unpublished ones."""
    request = context.get("request")
    staff = bool(request is not None and getattr(request.user, "is_staff", False))
    return list(copies.other_versions(article, published_only=not staff))
