from django.urls import include, path

public_patterns: list = []
employer_patterns: list = []

urlpatterns = [
    path("offres/", include((public_patterns, "offers"))),
    path("entreprise/", include((employer_patterns, "employers"))),
]
