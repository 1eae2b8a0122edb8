# The English interface's short dates: « Dec. 7, 2026 » rather than the ambiguous « 12/07/2026 ».
SHORT_DATE_FORMAT = "N j, Y"
SHORT_DATETIME_FORMAT = "N j, Y, H:i"
