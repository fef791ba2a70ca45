"""Check-in: a worker registers a visit in three taps."""
