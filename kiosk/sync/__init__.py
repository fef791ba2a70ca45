"""Sync between terminal and hub: outbox, sync client and the shared wire schemas."""
