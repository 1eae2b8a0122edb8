"""The communes API (search for the forms' autocomplete): serializers in `serializers.py`, views in `views.py`
(routes in `backend/geo/api_urls.py`)."""
