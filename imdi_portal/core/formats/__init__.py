"""Date formats of the portal by language (settings.FORMAT_MODULE_PATH): the short forms
name the month, so that no reader takes 12/02/2026 for 12 February or 2 December. Every
other format is Django's for the language."""
