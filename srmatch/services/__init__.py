"""srmatch.services."""
