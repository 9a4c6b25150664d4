"""Benchmarks of the corpus tooling; the peers they compare against are the optional ``bench`` extra."""
