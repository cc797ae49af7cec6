"""Interception: where botocore and aiobotocore clients are routed to the service, and the guard."""
