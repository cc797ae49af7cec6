"""Access control: key policies, IAM policies, grants, principals, conditions, authorization."""
