"""The accounts API: obtaining an API token and reading who is signed in; serializers in `serializers.py`,
views in `views.py` (routes in `backend/accounts/api_urls.py`)."""
