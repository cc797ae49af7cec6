"""The environment a child process needs to use a served fake with no change to its code.

`AWS_ENDPOINT_URL_KMS` is the service-specific endpoint variable every current AWS SDK and
the AWS CLI read (botocore since 1.31, the CLI v2 since 2.13, the JavaScript SDK v3 since
3.4xx). `AWS_ENDPOINT_URL` is deliberately not set: it would send every other service the
child uses (STS, S3, ...) to the fake, which speaks KMS only. Clients that predate
service-specific endpoints need the URL passed explicitly (`--endpoint-url`, `endpoint=`).
The credentials are dummies unless the fake has `secret_keys`: the endpoint reads the access
key id and region from the request's signature scope, and checks the signature only then.
"""

from __future__ import annotations

DUMMY_ACCESS_KEY_ID = "AKIAKMSFAKEDUMMYKEY0"
DUMMY_SECRET_ACCESS_KEY = "kmsfake/dummy/secret/not/checked/by/the/fake"


def endpoint_env(
    url: str, region: str, access_key_id: str | None = None, secret_access_key: str | None = None
) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL_KMS": url,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": access_key_id or DUMMY_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": secret_access_key or DUMMY_SECRET_ACCESS_KEY,
        # A session token or profile from the parent's shell would be sent along or chosen
        # over the dummy keys; an empty token is ignored by botocore and the SDKs.
        "AWS_SESSION_TOKEN": "",
        # A parent that turned configured endpoints off would turn the variable above off.
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false",
    }
