"""The registry's pages: ``records`` for the officials' screens, ``imports`` for the recognitions import."""
