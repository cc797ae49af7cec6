"""AWS's rules as data, one module per table, and botocore's service model; nothing here imports up."""
