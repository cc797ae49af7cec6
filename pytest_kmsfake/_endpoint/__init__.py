"""The fake on a loopback HTTP endpoint: KMS's JSON 1.1 wire protocol for other processes.

An entry point beside `_client`: where `_client` turns a botocore call in this process into a
call of the service, `_endpoint` turns an HTTP request from any process (botocore, the AWS
CLI, the JavaScript SDK, curl) into the same call. It depends on the service through one
callable with the service's dispatch signature, so it never imports the fake itself.
"""
