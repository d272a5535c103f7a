import { KMSClient } from '@aws-sdk/client-kms';
import { localClientConfig, startKms, type EmbeddedKms } from '../../../../infra/local';
import { FieldDecryptionError, FieldEncryptor } from '../../../../shared/crypto';

let kms: EmbeddedKms;
let client: KMSClient;
const keyId = 'alias/vigil-test-fields';
const context = { table: 'vigil-test-quarantine', key: 'abc', fields: ['payload'], schemaVersion: 1 };

beforeAll(async () => {
  kms = await startKms({ keys: [keyId] });
  client = new KMSClient(localClientConfig(kms.endpoint));
});

afterAll(async () => {
  client.destroy();
  await kms.close();
});

describe('FieldEncryptor', () => {
  test('seals and opens; the sealed bytes do not contain the plaintext', async () => {
    const encryptor = new FieldEncryptor({ kms: client, keyId });
    const secret = 'user-42@example.com';
    const sealed = await encryptor.seal(secret, context);
    expect(Buffer.from(sealed).includes(Buffer.from(secret))).toBe(false);
    expect((await encryptor.open(sealed, context)).toString('utf8')).toBe(secret);
  });

  test('another encryptor (a cold start) opens it too, through KMS Decrypt of the data key', async () => {
    const sealed = await new FieldEncryptor({ kms: client, keyId }).seal('value', context);
    expect((await new FieldEncryptor({ kms: client, keyId }).open(sealed, context)).toString()).toBe('value');
  });

  test.each([
    ['table', { ...context, table: 'other' }],
    ['item key', { ...context, key: 'other' }],
    ['fields', { ...context, fields: ['other'] }],
    ['schema version', { ...context, schemaVersion: 2 }],
  ])('a value moved to another %s does not open', async (_label, other) => {
    const encryptor = new FieldEncryptor({ kms: client, keyId });
    const sealed = await encryptor.seal('value', context);
    await expect(encryptor.open(sealed, other)).rejects.toBeInstanceOf(FieldDecryptionError);
  });

  test('every seal has an IV of its own, across refills of the IV pool; each still opens', async () => {
    const encryptor = new FieldEncryptor({ kms: client, keyId });
    const ivOf = (sealed: Buffer) => {
      const keyIdEnd = 3 + sealed.readUInt16BE(1);
      const ivAt = keyIdEnd + 2 + sealed.readUInt16BE(keyIdEnd);
      return sealed.subarray(ivAt, ivAt + 12).toString('hex');
    };
    const sealed = await Promise.all(Array.from({ length: 2_100 }, (_, i) => encryptor.seal(`value ${i}`, context)));
    expect(new Set(sealed.map((s) => ivOf(Buffer.from(s)))).size).toBe(2_100);
    for (const i of [0, 1023, 1024, 2099]) expect((await encryptor.open(sealed[i]!, context)).toString()).toBe(`value ${i}`);
  });

  test('a tampered or truncated value does not open', async () => {
    const encryptor = new FieldEncryptor({ kms: client, keyId });
    const sealed = Buffer.from(await encryptor.seal('value', context));
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    await expect(encryptor.open(tampered, context)).rejects.toBeInstanceOf(FieldDecryptionError);
    await expect(encryptor.open(sealed.subarray(0, 10), context)).rejects.toBeInstanceOf(FieldDecryptionError);
  });

  test('the data key is reused within its bounds and renewed past them', async () => {
    const send = jest.spyOn(client, 'send');
    let now = 0;
    const encryptor = new FieldEncryptor({ kms: client, keyId, maxMessagesPerKey: 3, maxKeyAgeMs: 1000, now: () => now });
    const seal = () => encryptor.seal('v', context);
    await seal();
    await seal();
    await seal();
    expect(send).toHaveBeenCalledTimes(1);
    await seal(); // 4th message: a new data key
    expect(send).toHaveBeenCalledTimes(2);
    now = 5000; // too old: a new data key
    await seal();
    expect(send).toHaveBeenCalledTimes(3);
    send.mockRestore();
  });

  test('concurrent seals on a cold cache make one GenerateDataKey call', async () => {
    const send = jest.spyOn(client, 'send');
    const encryptor = new FieldEncryptor({ kms: client, keyId });
    await Promise.all(Array.from({ length: 20 }, () => encryptor.seal('v', context)));
    expect(send).toHaveBeenCalledTimes(1);
    send.mockRestore();
  });
});
