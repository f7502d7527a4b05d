"""Loaders of the generic file kinds (text, Markdown, JSON Lines) and the helpers all loaders
share; `ingest.loaders.dispatch` picks the loader for a file, PubMed and PDF loaders included."""
