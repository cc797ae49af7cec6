"""The test helpers of `KmsFake`: assertions, faults, keys and their states, declared keys,
access control, custom key stores and moving the clock. Each works on the fake's service."""
