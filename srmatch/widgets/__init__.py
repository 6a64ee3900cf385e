"""srmatch.widgets."""
