"""The territory as JSON for the school's own tools (issue #14): serializers in `serializers.py`, views in
`views.py` (routes in `territory/api_urls.py`)."""
