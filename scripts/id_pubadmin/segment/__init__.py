"""Splitting a document text into sentences and tokens, and tags derived from offsets."""
