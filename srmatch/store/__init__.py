"""srmatch.store."""
