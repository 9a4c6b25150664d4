"""Shared by every stage: labels, the error catalogue, field declarations, splits, version, atomic writes."""
