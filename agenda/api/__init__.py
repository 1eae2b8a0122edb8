"""Job datings, workshops and company visits as JSON: serializers in `serializers.py`, views in `views.py`
(routes in `agenda/api_urls.py`)."""
