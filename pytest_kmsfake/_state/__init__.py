"""What the fake remembers: keys, aliases, grants, key stores, the clock and the call log."""
