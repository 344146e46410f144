"""Bangfu (帮扶): a platform for counterpart-assistance programmes (对口帮扶)."""

__version__ = "0.1.0"
