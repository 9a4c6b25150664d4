"""The silver corpus: crawled articles pre-annotated by machine, on a distributed engine, never mixed into the gold."""
