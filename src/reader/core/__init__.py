"""The reader's logic, free of any user interface (and never importing Textual)."""
