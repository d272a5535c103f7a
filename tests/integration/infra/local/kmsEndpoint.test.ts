import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  ListKeysCommand,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { localClientConfig } from '../../../../infra/local/awsClients';
import { startKms, type EmbeddedKms } from '../../../../infra/local/kmsEndpoint';
import { rejection } from '../../../helpers/rejection';

const ALIAS = 'alias/vigil-test-data';
const CONTEXT = { table: 'vigil-test-telemetry', field: 'email', v: '1' };

let kms: EmbeddedKms;
let client: KMSClient;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-kms-'));
  kms = await startKms({ keys: [ALIAS], account: '111122223333', region: 'us-east-1' });
  client = new KMSClient(localClientConfig(kms.endpoint, { maxAttempts: 1 }));
});

afterAll(async () => {
  client.destroy();
  await kms.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const keyArn = (): string => kms.findKey(ALIAS)?.arn ?? '';

describe('GenerateDataKey and Decrypt', () => {
  it('round-trips a data key; Decrypt needs no KeyId and reports the key ARN', async () => {
    const generated = await client.send(new GenerateDataKeyCommand({ KeyId: ALIAS, KeySpec: 'AES_256', EncryptionContext: CONTEXT }));
    expect(generated.Plaintext).toHaveLength(32);
    expect(generated.KeyId).toBe(keyArn());
    expect(generated.KeyId).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);

    const decrypted = await client.send(
      new DecryptCommand({
        CiphertextBlob: generated.CiphertextBlob,
        EncryptionContext: { v: '1', field: 'email', table: 'vigil-test-telemetry' },
      }),
    );
    expect(Buffer.from(decrypted.Plaintext ?? []).equals(Buffer.from(generated.Plaintext ?? []))).toBe(true);
    expect(decrypted.KeyId).toBe(keyArn());
    expect(decrypted.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
  });

  it('fails Decrypt under another or no encryption context with InvalidCiphertextException (empty message, as KMS)', async () => {
    const { CiphertextBlob } = await client.send(
      new GenerateDataKeyCommand({ KeyId: ALIAS, NumberOfBytes: 64, EncryptionContext: CONTEXT }),
    );
    const other = await rejection(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { ...CONTEXT, field: 'phone' } })));
    expect(other).toBeInstanceOf(InvalidCiphertextException);
    expect(other.$metadata?.httpStatusCode).toBe(400);
    const none = await rejection(client.send(new DecryptCommand({ CiphertextBlob })));
    expect(none).toBeInstanceOf(InvalidCiphertextException);

    const tampered = Buffer.from(CiphertextBlob ?? []);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(await rejection(client.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: CONTEXT })))).toBeInstanceOf(
      InvalidCiphertextException,
    );
    expect(await rejection(client.send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a ciphertext') })))).toBeInstanceOf(
      InvalidCiphertextException,
    );
  });

  it('fails Decrypt naming another key with IncorrectKeyException', async () => {
    const other = kms.createKey();
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: ALIAS, Plaintext: Buffer.from('x') }));
    const err = await rejection(client.send(new DecryptCommand({ CiphertextBlob, KeyId: other.keyId })));
    expect(err).toBeInstanceOf(IncorrectKeyException);
    expect(err.message).toBe('The key ID in the request does not identify a CMK that can perform this operation.');
  });

  it('validates the data key size members as KMS does', async () => {
    const neither = await rejection(client.send(new GenerateDataKeyCommand({ KeyId: ALIAS })));
    expect(neither.name).toBe('ValidationException');
    expect(neither.message).toBe('Please specify either number of bytes or key spec.');
    const zero = await rejection(client.send(new GenerateDataKeyCommand({ KeyId: ALIAS, NumberOfBytes: 0 })));
    expect(zero.message).toBe(
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    );
    const aes128 = await client.send(new GenerateDataKeyCommand({ KeyId: ALIAS, KeySpec: 'AES_128' }));
    expect(aes128.Plaintext).toHaveLength(16);
  });
});

describe('Encrypt', () => {
  it('encrypts up to 4096 bytes and rejects 4097 with the ValidationException KMS answers', async () => {
    const max = Buffer.alloc(4096, 7);
    const { CiphertextBlob, KeyId } = await client.send(
      new EncryptCommand({ KeyId: keyArn(), Plaintext: max, EncryptionContext: CONTEXT }),
    );
    expect(KeyId).toBe(keyArn());
    const back = await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: CONTEXT }));
    expect(Buffer.from(back.Plaintext ?? []).equals(max)).toBe(true);

    const err = await rejection(client.send(new EncryptCommand({ KeyId: ALIAS, Plaintext: Buffer.alloc(4097, 7) })));
    expect(err.name).toBe('ValidationException');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toBe(
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });
});

describe('DescribeKey and key identifiers', () => {
  it('resolves a key id, key ARN, alias and alias ARN to the same key', async () => {
    const key = kms.findKey(ALIAS);
    expect(key).toBeDefined();
    for (const id of [key?.keyId, key?.arn, ALIAS, `arn:aws:kms:us-east-1:111122223333:${ALIAS}`]) {
      const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: id }));
      expect(KeyMetadata?.KeyId).toBe(key?.keyId);
      expect(KeyMetadata?.Arn).toBe(key?.arn);
      expect(KeyMetadata?.KeyState).toBe('Enabled');
      expect(KeyMetadata?.KeySpec).toBe('SYMMETRIC_DEFAULT');
      expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
    }
  });

  it('answers unknown keys and aliases with NotFoundException in KMS wording', async () => {
    const alias = await rejection(client.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })));
    expect(alias).toBeInstanceOf(NotFoundException);
    expect(alias.message).toBe('Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found.');

    const id = '0b2ad402-1111-46ac-8888-123456789abc';
    const unknown = await rejection(client.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })));
    expect(unknown).toBeInstanceOf(NotFoundException);
    expect(unknown.message).toBe(`Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`);

    const invalid = await rejection(client.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })));
    expect(invalid.message).toBe("Invalid keyId 'fake-key-id'");

    const region = await rejection(client.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:ap-southeast-1:111122223333:key/${id}` })));
    expect(region.message).toBe('Invalid arn ap-southeast-1');
  });

  it('answers an operation it does not implement with UnknownOperationException', async () => {
    const err = await rejection(client.send(new ListKeysCommand({})));
    expect(err.name).toBe('UnknownOperationException');
  });
});

describe('key material persistence', () => {
  it('keeps master keys in a 0600 file so a later run decrypts what an earlier one encrypted', async () => {
    const file = path.join(tmp, 'nested', 'kms-keys.json');
    const first = await startKms({ keys: ['alias/vigil-dev-data'], keyMaterialFile: file });
    const c1 = new KMSClient(localClientConfig(first.endpoint));
    const { CiphertextBlob, KeyId } = await c1.send(
      new EncryptCommand({ KeyId: 'alias/vigil-dev-data', Plaintext: Buffer.from('secret'), EncryptionContext: CONTEXT }),
    );
    c1.destroy();
    await first.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const second = await startKms({ keys: ['alias/vigil-dev-data'], keyMaterialFile: file });
    const c2 = new KMSClient(localClientConfig(second.endpoint));
    try {
      expect(second.findKey('alias/vigil-dev-data')?.arn).toBe(KeyId);
      const { Plaintext } = await c2.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: CONTEXT }));
      expect(Buffer.from(Plaintext ?? []).toString()).toBe('secret');
    } finally {
      c2.destroy();
      await second.close();
    }

    // Without the file, the key is gone: the ciphertext no longer opens.
    const third = await startKms({ keys: ['alias/vigil-dev-data'] });
    const c3 = new KMSClient(localClientConfig(third.endpoint, { maxAttempts: 1 }));
    try {
      expect(await rejection(c3.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: CONTEXT })))).toBeInstanceOf(
        InvalidCiphertextException,
      );
    } finally {
      c3.destroy();
      await third.close();
    }
  });
});
