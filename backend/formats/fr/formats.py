# Tables and lists: « 7 déc. 2026 » (the abbreviations of the French typographic usage, Django's
# MONTHS_AP: janv., févr., mars, avr., mai, juin, juil., août, sept., oct., nov., déc.) rather than
# Django's « 07/12/2026 », which reads slowly in a column and is ambiguous to some readers.
# Everything else (DATE_FORMAT « 7 décembre 2026 », input formats) is Django's fr locale.
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y H:i"
