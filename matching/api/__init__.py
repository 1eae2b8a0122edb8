"""The matching API: serializers in `serializers.py`, views in `views.py` (routes in `matching/api_urls.py`)."""
