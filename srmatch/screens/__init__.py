"""srmatch.screens."""
