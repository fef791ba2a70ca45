"""Fleet health: each terminal's state from its latest heartbeat (the console's fleet page)."""
