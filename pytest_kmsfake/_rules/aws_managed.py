"""The AWS managed keys: each predefined alias, the service whose calls may use its key and
what the key protects.

Sources are tagged as in the project's fact sheet: [MD] the botocore model's documentation,
[ISS] issue threads quoting real responses.
"""

from __future__ import annotations

from collections.abc import Mapping

# AWS managed keys: the predefined alias -> the service whose calls may use the key (its
# kms:ViaService is "<service>.<region>.amazonaws.com") and what the key protects. DescribeKey
# on a predefined alias with no key makes the key [MD DescribeKey]; until then ListAliases
# lists the alias without a TargetKeyId [MD ListAliases]. A recorded ListAliases of a real
# account (2021) lists dynamodb, ebs, elasticfilesystem, es, glue, kinesisvideo, lambda, rds,
# redshift, s3, ssm and xray so [ISS]; the others here and the services of aws/ebs (ec2) and
# the rest are INFERRED. What each key protects is the wording of its Description as recorded
# from real accounts (tests/documented_service.py gives where), but for aws/kinesis and
# aws/redshift, which are INFERRED.
AWS_MANAGED_KEYS: Mapping[str, tuple[str, str]] = {
    "alias/aws/acm": ("acm", "ACM private keys"),
    "alias/aws/dynamodb": ("dynamodb", "DynamoDB data"),
    "alias/aws/ebs": ("ec2", "EBS volumes"),
    "alias/aws/elasticfilesystem": ("elasticfilesystem", "EFS filesystems"),
    "alias/aws/es": (
        "es",
        "Amazon OpenSearch Service (successor to Amazon Elasticsearch Service) data",
    ),
    "alias/aws/glue": ("glue", "Glue data"),
    "alias/aws/kinesis": ("kinesis", "Kinesis data"),
    "alias/aws/kinesisvideo": ("kinesisvideo", "kinesis video data"),
    "alias/aws/lambda": ("lambda", "Lambda functions"),
    "alias/aws/rds": ("rds", "RDS database volumes"),
    "alias/aws/redshift": ("redshift", "Redshift data"),
    "alias/aws/s3": ("s3", "S3 objects"),
    "alias/aws/secretsmanager": ("secretsmanager", "Secrets Manager data"),
    "alias/aws/sns": ("sns", "SNS data"),
    "alias/aws/sqs": ("sqs", "SQS messages"),
    "alias/aws/ssm": ("ssm", "SSM parameters"),
    "alias/aws/xray": ("xray", "X-Ray data"),
}
