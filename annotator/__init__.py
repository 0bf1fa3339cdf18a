"""Annotator: code entities, claims and source attributions in news articles."""

__version__ = "0.1.0"
