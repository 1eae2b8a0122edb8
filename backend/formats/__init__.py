"""Project-wide date formats per language (``FORMAT_MODULE_PATH``): what Django's own locale files
give, except the short forms used in tables and lists. Templates name a format
(``|date:"SHORT_DATE_FORMAT"``) rather than spelling one out; exports (CSV, XLSX) stay ISO 8601."""
