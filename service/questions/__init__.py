"""The question log (what was asked and how it went, kept for a retention period) and the knowledge-gap report."""
