"""Admissions as JSON for the school's own tools: serializers in `serializers.py`, views in `views.py`
(routes in `admissions/api_urls.py`)."""
