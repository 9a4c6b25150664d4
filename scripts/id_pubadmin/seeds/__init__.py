"""Raw articles: reading, checking and adding seeds with their metadata."""
