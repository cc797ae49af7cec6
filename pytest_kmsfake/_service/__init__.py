"""The service: one dispatch, the operation handlers, key resolution, faults and the wire format."""
