// A Node.js program using the AWS SDK for JavaScript v3 as it would against AWS: the endpoint,
// region and credentials come from the environment (pytest-kmsfake's server_env()).
// Usage: node kms_client.mjs <symmetric key id> <ECC_NIST_P256 signing key id>
import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  KMSClient,
  SignCommand,
} from "@aws-sdk/client-kms";

const [symmetricKey, signingKey] = process.argv.slice(2);
const kms = new KMSClient({});
const created = await kms.send(new CreateKeyCommand({ Description: "from node" }));
const encrypted = await kms.send(
  new EncryptCommand({ KeyId: symmetricKey, Plaintext: Buffer.from("node secret") }),
);
const decrypted = await kms.send(
  new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }),
);
const signed = await kms.send(
  new SignCommand({
    KeyId: signingKey,
    Message: Buffer.from("signed by node"),
    MessageType: "RAW",
    SigningAlgorithm: "ECDSA_SHA_256",
  }),
);
console.log(
  JSON.stringify({
    created: created.KeyMetadata.Arn,
    ciphertext: Buffer.from(encrypted.CiphertextBlob).toString("base64"),
    plaintext: Buffer.from(decrypted.Plaintext).toString(),
    signature: Buffer.from(signed.Signature).toString("base64"),
  }),
);
