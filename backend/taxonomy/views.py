from django.shortcuts import render

from .selectors import appellation_search, skill_search


def appellation_suggestions(request):
    query = request.GET.get("appellation_label") or request.GET.get("q", "")
    return render(
        request,
        "taxonomy/appellation_suggestions.html",
        {"items": appellation_search(query=query, limit=10), "query": query},
    )


def skill_suggestions(request):
    query = request.GET.get("skill_query") or request.GET.get("q", "")
    return render(
        request,
        "taxonomy/skill_suggestions.html",
        {"items": skill_search(query=query, limit=10), "query": query},
    )
