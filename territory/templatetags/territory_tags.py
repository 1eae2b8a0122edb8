"""``{% load territory_tags %}{% territory_figures %}``: the territory's figures on the home page.

A template tag rather than a call in the home view: ``backend`` imports no domain app, and the figures
belong to the territory feed."""

from django import template

from territory.figures import territory_figures as _figures

register = template.Library()


@register.inclusion_tag("territory/_home_figures.html")
def territory_figures():
    return {"figures": _figures()}
