import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  KMSClient,
  type MacAlgorithmSpec,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { localClientConfig } from '../../../../infra/local/awsClients';
import { type EmbeddedKms, startKms } from '../../../../infra/local/kmsEndpoint';
import { rejection } from '../../../helpers/rejection';

/* GenerateMac and VerifyMac on the embedded KMS, with the rules of the real service (infra/local/kmsEndpoint.ts). */
const MAC_KEY = 'alias/vigil-test-pseudonym';
const DATA_KEY = 'alias/vigil-test-data';
const message = new TextEncoder().encode('telemetry-user\nu_42');

let kms: EmbeddedKms;
let client: KMSClient;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-kms-mac-'));
  kms = await startKms({ keys: [DATA_KEY, { alias: MAC_KEY, keySpec: 'HMAC_256' }], keyMaterialFile: path.join(tmp, 'keys.json') });
  client = new KMSClient(localClientConfig(kms.endpoint, { maxAttempts: 1 }));
});

afterAll(async () => {
  client.destroy();
  await kms.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const mac = (KeyId: string, MacAlgorithm: MacAlgorithmSpec = 'HMAC_SHA_256', Message: Uint8Array = message) =>
  client.send(new GenerateMacCommand({ KeyId, MacAlgorithm, Message }));

describe('GenerateMac and VerifyMac', () => {
  test('an HMAC_SHA_256 MAC: 32 bytes, the same for the same message, another for another; VerifyMac accepts it', async () => {
    const first = await mac(MAC_KEY);
    expect(first.Mac).toHaveLength(32);
    expect(first.MacAlgorithm).toBe('HMAC_SHA_256');
    expect(first.KeyId).toBe(kms.findKey(MAC_KEY)?.arn);
    expect(Buffer.from((await mac(MAC_KEY)).Mac!).equals(Buffer.from(first.Mac!))).toBe(true);
    expect(Buffer.from((await mac(MAC_KEY, 'HMAC_SHA_256', Buffer.from('other'))).Mac!).equals(Buffer.from(first.Mac!))).toBe(false);
    const verified = await client.send(
      new VerifyMacCommand({ KeyId: MAC_KEY, MacAlgorithm: 'HMAC_SHA_256', Message: message, Mac: first.Mac }),
    );
    expect(verified.MacValid).toBe(true);
  });

  test('a MAC that does not match: KMSInvalidMacException', async () => {
    const { Mac } = await mac(MAC_KEY);
    const tampered = Buffer.from(Mac!);
    tampered[0] ^= 1;
    const error = await rejection(
      client.send(new VerifyMacCommand({ KeyId: MAC_KEY, MacAlgorithm: 'HMAC_SHA_256', Message: message, Mac: tampered })),
    );
    expect(error.name).toBe('KMSInvalidMacException');
  });

  test('another algorithm than the key spec’s: InvalidKeyUsageException', async () => {
    const error = await rejection(mac(MAC_KEY, 'HMAC_SHA_384'));
    expect(error.name).toBe('InvalidKeyUsageException');
    expect(error.message).toBe('Algorithm HMAC_SHA_384 is incompatible with key spec HMAC_256.');
  });

  test('a MAC with a symmetric key, or a data key from an HMAC key: InvalidKeyUsageException', async () => {
    expect((await rejection(mac(DATA_KEY))).name).toBe('InvalidKeyUsageException');
    const dataKey = await rejection(client.send(new GenerateDataKeyCommand({ KeyId: MAC_KEY, KeySpec: 'AES_256' })));
    expect(dataKey.name).toBe('InvalidKeyUsageException');
    expect(dataKey.message).toMatch(/key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey/);
    expect((await rejection(client.send(new EncryptCommand({ KeyId: MAC_KEY, Plaintext: message })))).name).toBe(
      'InvalidKeyUsageException',
    );
  });

  test('a message over 4096 bytes, an empty one, an unknown algorithm: ValidationException', async () => {
    const long = await rejection(mac(MAC_KEY, 'HMAC_SHA_256', new Uint8Array(4097)));
    expect(long.name).toBe('ValidationException');
    expect(long.message).toMatch(/'message' failed to satisfy constraint: Member must have length less than or equal to 4096/);
    expect((await mac(MAC_KEY, 'HMAC_SHA_256', new Uint8Array(4096))).Mac).toHaveLength(32);
    expect((await rejection(mac(MAC_KEY, 'HMAC_SHA_256', new Uint8Array(0)))).name).toBe('ValidationException');
    const algorithm = await rejection(mac(MAC_KEY, 'HMAC_SHA_1' as MacAlgorithmSpec));
    expect(algorithm.name).toBe('ValidationException');
    expect(algorithm.message).toMatch(/'macAlgorithm' failed to satisfy constraint/);
  });

  test('DescribeKey says what the key is for', async () => {
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: MAC_KEY }));
    expect(KeyMetadata).toMatchObject({ KeyUsage: 'GENERATE_VERIFY_MAC', KeySpec: 'HMAC_256', MacAlgorithms: ['HMAC_SHA_256'] });
    expect(KeyMetadata?.EncryptionAlgorithms).toBeUndefined();
  });

  test('the HMAC key survives a restart through the key material file: the same MAC after', async () => {
    const before = Buffer.from((await mac(MAC_KEY)).Mac!);
    const again = await startKms({ keys: [{ alias: MAC_KEY, keySpec: 'HMAC_256' }], keyMaterialFile: path.join(tmp, 'keys.json') });
    const other = new KMSClient(localClientConfig(again.endpoint, { maxAttempts: 1 }));
    try {
      const after = await other.send(new GenerateMacCommand({ KeyId: MAC_KEY, MacAlgorithm: 'HMAC_SHA_256', Message: message }));
      expect(Buffer.from(after.Mac!).equals(before)).toBe(true);
    } finally {
      other.destroy();
      await again.close();
    }
  });
});
