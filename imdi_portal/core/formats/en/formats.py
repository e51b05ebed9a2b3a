# One international English style on every page: day, month, year (not the US order).
DATE_FORMAT = "j F Y"  # 2 December 2026
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j N Y"  # 2 Dec. 2026
SHORT_DATETIME_FORMAT = "j N Y, H:i"
