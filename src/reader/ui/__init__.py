"""The Textual user interface: widgets post messages up, the app owns state."""
