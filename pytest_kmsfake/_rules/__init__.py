"""AWS's rules as data, one module per table, and botocore's KMS service model."""
