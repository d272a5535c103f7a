import { createCipheriv, randomBytes } from 'node:crypto';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
} from '@aws-crypto/client-node';
import { KMS, KMSClient } from '@aws-sdk/client-kms';
import { localClientConfig, startKms } from '../infra/local';
import { FieldEncryptor } from '../shared/crypto';
import { type Figure, ratioAsync } from './harness';

/*
 * Field encryption per record (issue 7, item 12), each relative to a bare AES-256-GCM seal of the same
 * bytes in the same run: shared/crypto's FieldEncryptor (a cached KMS data key, a versioned header, the
 * field context as AAD), and beside it the AWS Encryption SDK for JavaScript (@aws-crypto/client-node,
 * a dev dependency: measured, not used) on the same records, with a caching materials manager over a
 * KMS keyring that reaches the embedded KMS endpoint, in two algorithm suites: its default (key
 * commitment and an ECDSA P-384 signature per message) and key commitment without a signature (what
 * FieldEncryptor compares with: both are AEAD under a cached data key). Also the SDK's KMS calls for
 * those records (GenerateDataKey: one per cache entry). Runs alone: `npx tsx bench/fieldEncryption.ts`.
 */
const KEY_ALIAS = 'alias/vigil-bench-fields';
/** The records: Restricted values as TelemetryArchive seals them (a user id, free text), with their context. */
const RECORDS = [
  { value: 'user-7f3a9c21@example.com', key: 'session#1', fields: ['userId'] },
  {
    value: JSON.stringify({ 'event.userId': 'u_6G7K268QPSAYJTKM3TF525AWJD', 'event.properties.message': 'The payee screen froze twice.' }),
    key: 'event#2',
    fields: ['event.properties.message', 'event.userId'],
  },
];
const CALLS = 2_000;

export async function fieldEncryptionFigures(): Promise<Figure[]> {
  const kms = await startKms({ keys: [KEY_ALIAS] });
  const client = new KMSClient(localClientConfig(kms.endpoint));
  const sdkKms = new KMS(localClientConfig(kms.endpoint));
  let sdkDataKeys = 0;
  const generateDataKey = sdkKms.generateDataKey.bind(sdkKms);
  sdkKms.generateDataKey = ((...args: Parameters<typeof generateDataKey>) => {
    sdkDataKeys += 1;
    return generateDataKey(...args);
  }) as typeof sdkKms.generateDataKey;
  try {
    const { KeyMetadata } = await sdkKms.describeKey({ KeyId: KEY_ALIAS });
    const encryptor = new FieldEncryptor({ kms: client, keyId: KEY_ALIAS });
    const keyring = new KmsKeyringNode({ generatorKeyId: KeyMetadata!.Arn!, clientProvider: () => sdkKms });
    // The same bounds as FieldEncryptor's defaults: five minutes, 10,000 records per data key.
    const cmm = new NodeCachingMaterialsManager({
      backingMaterials: keyring,
      cache: getLocalCryptographicMaterialsCache(100),
      maxAge: 5 * 60_000,
      maxMessagesEncrypted: 10_000,
    });
    const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const key = randomBytes(32);
    const records = RECORDS.map((r) => ({
      bytes: Buffer.from(r.value, 'utf8'),
      context: { table: 'vigil-bench-telemetry', key: r.key, fields: r.fields, schemaVersion: 1 },
    }));
    let i = 0;
    const next = () => records[i++ % records.length]!;
    const bare = () => {
      const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
      return Buffer.concat([cipher.update(next().bytes), cipher.final(), cipher.getAuthTag()]);
    };
    // The SDK's cache is keyed by the encryption context too: a context naming the record (as FieldEncryptor's
    // AAD does) would mint a data key per record, so the timed runs bind table, fields and version only.
    const sdk =
      (suiteId: AlgorithmSuiteIdentifier, perRecord = false) =>
      () => {
        const { bytes, context } = next();
        const encryptionContext = { table: context.table, fields: context.fields.join(','), schemaVersion: '1' };
        if (perRecord) Object.assign(encryptionContext, { key: `${context.key}#${i}` });
        return encrypt(cmm, bytes, { encryptionContext, suiteId, plaintextLength: bytes.length });
      };
    const field = await ratioAsync(
      () => {
        const { bytes, context } = next();
        return encryptor.seal(bytes, context);
      },
      bare,
      CALLS * 5,
    );
    const UNSIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
    sdkDataKeys = 0;
    const unsigned = await ratioAsync(sdk(UNSIGNED), bare, CALLS);
    const unsignedKeys = sdkDataKeys;
    const unsignedCalls = CALLS * 8; // the warm-up, then 7 rounds
    const signed = await ratioAsync(
      sdk(AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384),
      bare,
      CALLS / 10,
    );
    sdkDataKeys = 0;
    const PER_RECORD = 200;
    const perRecord = sdk(UNSIGNED, true);
    for (let n = 0; n < PER_RECORD; n += 1) await perRecord();
    const perRecordKeys = sdkDataKeys;
    const sdkWhat = 'AWS Encryption SDK (@aws-crypto/client-node, caching materials manager, KMS keyring on the embedded KMS)';
    const noTarget = { op: '>=', value: 0 } as const;
    return [
      {
        name: 'field encryption per record (cached data key, header, AAD) vs a bare AES-256-GCM seal',
        value: round(field),
        unit: 'ratio',
        baseline: 'node:crypto AES-256-GCM seal of the same bytes',
        target: { op: '<=', value: 2 },
      },
      {
        name: `${sdkWhat} per record, key commitment, no signature, vs a bare AES-256-GCM seal`,
        value: round(unsigned),
        unit: 'ratio',
        baseline: 'node:crypto AES-256-GCM seal of the same bytes (reported beside field encryption, no target)',
        target: noTarget,
      },
      {
        name: `${sdkWhat} per record, default suite (key commitment, ECDSA P-384 signature), vs a bare AES-256-GCM seal`,
        value: round(signed),
        unit: 'ratio',
        baseline: 'node:crypto AES-256-GCM seal of the same bytes (reported beside field encryption, no target)',
        target: noTarget,
      },
      {
        name: `${sdkWhat}: KMS GenerateDataKey calls for ${unsignedCalls} records under ${RECORDS.length} contexts (one cache period)`,
        value: unsignedKeys,
        unit: 'calls',
        baseline: 'none (a count)',
        target: { op: '<=', value: RECORDS.length * Math.ceil(unsignedCalls / RECORDS.length / 10_000) },
      },
      {
        name: `${sdkWhat}: KMS GenerateDataKey calls for ${PER_RECORD} records whose encryption context names the record`,
        value: perRecordKeys,
        unit: 'calls',
        baseline: 'none (a count: the cache is keyed by the context, so a per-record context mints a data key per record)',
        target: noTarget,
      },
    ];
  } finally {
    client.destroy();
    sdkKms.destroy();
    await kms.close();
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (require.main === module) {
  fieldEncryptionFigures()
    .then((figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
