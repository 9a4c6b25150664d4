"""id-pubadmin-news: a versioned, annotated corpus of Indonesian public-administration news."""

from importlib.metadata import PackageNotFoundError, version

from .sentences import split_sentences
from .tokens import tokenize

try:
    __version__ = version("id-pubadmin-news")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["split_sentences", "tokenize", "__version__"]
