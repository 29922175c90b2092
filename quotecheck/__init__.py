"""quotecheck: cross-check news coverage of one event."""

__version__ = "0.1.0"
