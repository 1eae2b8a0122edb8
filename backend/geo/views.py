from django.shortcuts import render

from .selectors import commune_search


def commune_suggestions(request):
    """htmx partial: communes matching what is typed, as buttons that fill the field.

    The target field is named by ``field`` so one endpoint serves every form.
    """
    query = request.GET.get("q") or request.GET.get(request.GET.get("field", ""), "")
    communes = commune_search(query=query, limit=8)
    return render(
        request,
        "geo/commune_suggestions.html",
        {"communes": communes, "field": request.GET.get("field", "commune"), "query": query},
    )
