"""Publishing a corpus: manifest, release log, diff, card and its template sections, charts, Croissant and cutting a
release."""
