"""Internship agreements as JSON: serializers in `serializers.py`, views in `views.py` (routes in
`internships/api_urls.py`)."""
