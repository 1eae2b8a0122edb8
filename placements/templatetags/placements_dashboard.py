"""The candidacy and exit figures the school dashboard shows (the dashboard lives in employers, which
does not import placements: the template loads this library instead)."""

from django import template

from ..selectors import officer_indicators

register = template.Library()


@register.inclusion_tag("placements/_officer_indicators.html")
def officer_placement_indicators():
    return {"indicators": officer_indicators()}
