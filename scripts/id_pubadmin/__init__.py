"""id-pubadmin-news: a versioned, annotated corpus of Indonesian public-administration news."""

from .sentences import split_sentences
from .tokens import tokenize
from .version import package_version

__version__ = package_version()

__all__ = ["split_sentences", "tokenize", "__version__"]
