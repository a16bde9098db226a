"""The package version, kept where every layer may read it without importing the top package."""

__version__ = "0.1.0"
