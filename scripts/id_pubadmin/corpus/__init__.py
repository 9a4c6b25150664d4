"""The built dataset: rows, Parquet I/O, Features, JSON Schemas, row checks and rules, provenance."""
