"""Template helpers of the reports."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict, key: str):
    """``mapping[key]`` in a template (``None`` when absent)."""
    return mapping.get(key)


@register.filter
def index(sequence, position: int):
    """``sequence[position]`` in a template (a pivot's column title for a cell)."""
    return sequence[position]
