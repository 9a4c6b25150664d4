"""A local Label Studio server and the annotation project inside it."""

from .commands import add_studio_commands

__all__ = ["add_studio_commands"]
