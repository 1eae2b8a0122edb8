"""The taxonomy API (skills and ROME appellations searched for the forms): serializers in `serializers.py`,
views in `views.py` (routes in `backend/taxonomy/api_urls.py`)."""
