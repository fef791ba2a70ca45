"""Service figures: roll-ups that ingest keeps, and the figures the console shows."""
