"""reader: read and annotate a folder of text in the terminal."""

__version__ = "0.1.0"
