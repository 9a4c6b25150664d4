"""Publishing a corpus: manifest, release log, diff, card, chart, Croissant and cutting a release."""
