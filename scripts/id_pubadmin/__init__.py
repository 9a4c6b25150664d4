"""id-pubadmin-news: a versioned, annotated corpus of Indonesian public-administration news."""

from .core.version import package_version
from .segment.sentences import split_sentences
from .segment.tokens import tokenize

__version__ = package_version()

__all__ = ["split_sentences", "tokenize", "__version__"]
