"""The registry's JSON API: ``products`` (public open data) and ``imports`` (officials and systems)."""
