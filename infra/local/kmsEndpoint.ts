import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  AwsServiceError,
  optionalString,
  optionalStringMap,
  serializationError,
  startAwsJsonServer,
  validationError,
  type EmbeddedEndpoint,
} from './awsJsonServer';

/*
 * Embedded KMS endpoint: GenerateDataKey, Encrypt, Decrypt and DescribeKey for symmetric
 * (SYMMETRIC_DEFAULT, key usage ENCRYPT_DECRYPT) keys, and GenerateMac and VerifyMac for HMAC keys
 * (HMAC_224/256/384/512, key usage GENERATE_VERIFY_MAC), over AWS JSON 1.1
 * (`X-Amz-Target: TrentService.<Op>`), so the unmodified KMSClient runs locally against the rules of
 * the real service.
 *
 * Answers reproduced, and where they were checked (LocalStack's AWS-validated snapshots,
 * tests/aws/services/kms/test_kms.snapshot.json, recorded against AWS 2023; issue reports quoting AWS):
 * - Encrypt of more than 4096 bytes: ValidationException "1 validation error detected: Value at
 *   'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"
 *   (snapshot test_plaintext_size_for_encrypt; also adenot/hiera-eyaml-kms#8). The value is not quoted:
 *   the member is sensitive.
 * - Decrypt under another encryption context (or none): InvalidCiphertextException with an empty
 *   message (snapshots test_encrypt_decrypt_encryption_context, test_encryption_context_generate_data_key).
 * - Decrypt with a KeyId other than the ciphertext's key: IncorrectKeyException "The key ID in the
 *   request does not identify a CMK that can perform this operation." (snapshot
 *   test_error_messaging_for_invalid_keys).
 * - Unknown key: NotFoundException "Key 'arn:aws:kms:<region>:<account>:key/<id>' does not exist";
 *   a key id that is not a key id: "Invalid keyId '<id>'"; a key ARN of another region: "Invalid arn
 *   <region>" (snapshots test_get_key_does_not_exist, test_get_key_invalid_uuid,
 *   test_get_key_in_different_region). Unknown alias: "Alias arn:aws:kms:<region>:<account>:alias/<name>
 *   is not found." (quoted from AWS in cloudposse/docs#152, sigstore/cosign#1474).
 * - GenerateDataKey with neither KeySpec nor NumberOfBytes: ValidationException "Please specify either
 *   number of bytes or key spec." (AWS's answer quoted in nsmithuk/local-kms#6); NumberOfBytes out of
 *   1..1024: "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint:
 *   Member must have value greater than or equal to 1" (snapshot wording for the same member).
 * KeyId in every response is the key ARN, as KMS returns it.
 *
 * HMAC keys (the KMS API reference for GenerateMac, VerifyMac and DescribeKey; "HMAC keys in AWS KMS"):
 * - Message is 1..4096 bytes, Mac 1..6144 bytes (the members' documented lengths; the same
 *   ValidationException wording as the other blob members); MacAlgorithm is required and one of
 *   HMAC_SHA_224, HMAC_SHA_256, HMAC_SHA_384, HMAC_SHA_512.
 * - An HMAC key supports exactly one algorithm, the one of its key spec (HMAC_256: HMAC_SHA_256);
 *   another algorithm, or a MAC operation on an ENCRYPT_DECRYPT key, is InvalidKeyUsageException; an
 *   HMAC key used with Encrypt, Decrypt's KeyId or GenerateDataKey is InvalidKeyUsageException too
 *   (the exception KMS names for "the key usage is not compatible with the operation"; the message
 *   wording is local).
 * - VerifyMac of a MAC that does not match: KMSInvalidMacException (never MacValid false).
 * - DescribeKey of an HMAC key: KeyUsage GENERATE_VERIFY_MAC, KeySpec HMAC_256, MacAlgorithms
 *   [HMAC_SHA_256], no EncryptionAlgorithms.
 *
 * Ciphertext format (local only): 0x01 | key id (16 bytes, the UUID) | IV (12) | tag (16) | data,
 * AES-256-GCM under the key's master key with AAD = header | canonical encryption context, so a
 * ciphertext names its key (Decrypt needs no KeyId) and opens only under the same context.
 */

/** Key specs this endpoint holds: the symmetric default and the HMAC ones. */
export const LOCAL_KEY_SPECS = ['SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] as const;
export type LocalKeySpec = (typeof LOCAL_KEY_SPECS)[number];

/** A key to have, with its spec (an HMAC key: key usage GENERATE_VERIFY_MAC). */
export interface WantedKey {
  alias: string;
  keySpec: LocalKeySpec;
}

export interface StartKmsOptions {
  /**
   * Keys to have: an alias (`alias/vigil-dev-data`) gets a key of its own, created unless the
   * alias is already in `keyMaterialFile`; a key id (UUID) is created with that id; `{alias, keySpec}`
   * gets a key of that spec (an HMAC key for GenerateMac).
   */
  keys?: Array<string | WantedKey>;
  /** JSON file (mode 0600) holding the master keys, so ciphertexts written in one run open in the next. */
  keyMaterialFile?: string;
  account?: string;
  region?: string;
}

export interface LocalKmsKey {
  keyId: string;
  arn: string;
  aliases: string[];
  keySpec: LocalKeySpec;
}

export interface EmbeddedKms extends EmbeddedEndpoint {
  account: string;
  region: string;
  /** Creates a key (persisted when `keyMaterialFile` is set); symmetric unless `keySpec` says otherwise. */
  createKey(options?: { alias?: string; keySpec?: LocalKeySpec }): LocalKmsKey;
  /**
   * Points an existing alias at a new key of the same spec (what an operator's UpdateAlias does on a
   * manual rotation); returns the new key. Ciphertexts of the old key still decrypt: it stays.
   */
  rotateAlias(alias: string): LocalKmsKey;
  /** Resolves a key id, key ARN, alias or alias ARN; undefined when unknown. */
  findKey(keyIdOrAlias: string): LocalKmsKey | undefined;
  listKeys(): LocalKmsKey[];
}

interface KeyRecord {
  keyId: string;
  material: Buffer;
  creationDate: number;
  aliases: string[];
  keySpec: LocalKeySpec;
}

interface KeyMaterialFile {
  version: 1;
  /** keySpec absent: a file written before HMAC keys existed, every key symmetric. */
  keys: Array<{ keyId: string; material: string; creationDate: number; aliases: string[]; keySpec?: LocalKeySpec }>;
}

/** Key material length per spec: 256-bit symmetric keys; HMAC keys as long as their hash's output. */
const MATERIAL_BYTES: Record<LocalKeySpec, number> = {
  SYMMETRIC_DEFAULT: 32,
  HMAC_224: 28,
  HMAC_256: 32,
  HMAC_384: 48,
  HMAC_512: 64,
};

const MAC_ALGORITHMS = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] as const;
type MacAlgorithm = (typeof MAC_ALGORITHMS)[number];
const MAC_ALGORITHM_OF: Partial<Record<LocalKeySpec, { algorithm: MacAlgorithm; hash: string }>> = {
  HMAC_224: { algorithm: 'HMAC_SHA_224', hash: 'sha224' },
  HMAC_256: { algorithm: 'HMAC_SHA_256', hash: 'sha256' },
  HMAC_384: { algorithm: 'HMAC_SHA_384', hash: 'sha384' },
  HMAC_512: { algorithm: 'HMAC_SHA_512', hash: 'sha512' },
};
const MAX_MAC_BYTES = 6144;

const isHmac = (key: KeyRecord): boolean => key.keySpec !== 'SYMMETRIC_DEFAULT';
const keyUsage = (key: KeyRecord): string => (isHmac(key) ? 'GENERATE_VERIFY_MAC' : 'ENCRYPT_DECRYPT');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FORMAT_VERSION = 0x01;
const HEADER_BYTES = 1 + 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_PLAINTEXT_BYTES = 4096;
const MAX_CIPHERTEXT_BYTES = 6144;
const MAX_BODY_BYTES = 1024 * 1024;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

function uuidToBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The encryption context as AAD: independent of member order. */
function canonicalContext(context: Record<string, string> | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

function seal(key: KeyRecord, plaintext: Buffer, context: Record<string, string> | undefined): Buffer {
  const header = Buffer.concat([Buffer.from([FORMAT_VERSION]), uuidToBytes(key.keyId)]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  cipher.setAAD(Buffer.concat([header, canonicalContext(context)]));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), data]);
}

function invalidCiphertext(message = ''): AwsServiceError {
  return new AwsServiceError('InvalidCiphertextException', message);
}

/** The key id a ciphertext names, or undefined when it is not one of ours. */
function ciphertextKeyId(blob: Buffer): string | undefined {
  if (blob.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || blob[0] !== FORMAT_VERSION) return undefined;
  return bytesToUuid(blob.subarray(1, HEADER_BYTES));
}

function open(key: KeyRecord, blob: Buffer, context: Record<string, string> | undefined): Buffer {
  const header = blob.subarray(0, HEADER_BYTES);
  const iv = blob.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  const tag = blob.subarray(HEADER_BYTES + IV_BYTES, HEADER_BYTES + IV_BYTES + TAG_BYTES);
  const data = blob.subarray(HEADER_BYTES + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
    decipher.setAAD(Buffer.concat([header, canonicalContext(context)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}

function computeMac(key: KeyRecord, message: Buffer): Buffer {
  return createHmac(MAC_ALGORITHM_OF[key.keySpec]!.hash, key.material).update(message).digest();
}

function base64Member(input: Record<string, unknown>, member: string): Buffer | undefined {
  const value = optionalString(input, member);
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) throw serializationError(`${member}: expected base64.`);
  return Buffer.from(value, 'base64');
}

function required<T>(value: T | undefined, member: string): T {
  if (value === undefined) throw validationError(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function readKeyMaterialFile(file: string): KeyRecord[] {
  if (!fs.existsSync(file)) return [];
  let parsed: KeyMaterialFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyMaterialFile;
  } catch (err) {
    // Not the parser's message: it quotes the file's bytes, and a corrupt file's bytes are noise on a terminal.
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`KMS key material file ${file} ${code ? `cannot be read (${code})` : "is not valid JSON (corrupt, or not Vigil's)"}`);
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.keys)) {
    throw new Error(`KMS key material file ${file} has an unknown format (expected {"version":1,"keys":[...]})`);
  }
  return parsed.keys.map((k) => {
    const material = Buffer.from(k.material, 'base64');
    const keySpec = k.keySpec ?? 'SYMMETRIC_DEFAULT';
    if (!UUID.test(k.keyId) || !LOCAL_KEY_SPECS.includes(keySpec) || material.length !== MATERIAL_BYTES[keySpec]) {
      throw new Error(`KMS key material file ${file}: bad key entry ${k.keyId}`);
    }
    return { keyId: k.keyId, material, creationDate: k.creationDate, aliases: [...(k.aliases ?? [])], keySpec };
  });
}

function writeKeyMaterialFile(file: string, keys: KeyRecord[]): void {
  const content: KeyMaterialFile = {
    version: 1,
    keys: keys.map((k) => ({
      keyId: k.keyId,
      material: k.material.toString('base64'),
      creationDate: k.creationDate,
      aliases: k.aliases,
      keySpec: k.keySpec,
    })),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** A blob member within KMS's length constraint (1..max bytes), else the ValidationException KMS answers. */
function checkBlobLength(blob: Buffer, member: string, max: number): Buffer {
  if (blob.length < 1) {
    throw validationError(`Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  }
  if (blob.length > max) {
    throw validationError(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  return blob;
}

/** Starts the embedded KMS endpoint on 127.0.0.1 (ephemeral port). */
export async function startKms(options: StartKmsOptions = {}): Promise<EmbeddedKms> {
  const account = options.account ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const file = options.keyMaterialFile;
  const keys = new Map<string, KeyRecord>();
  const aliases = new Map<string, string>();

  const keyArn = (keyId: string): string => `arn:aws:kms:${region}:${account}:key/${keyId}`;
  const aliasArn = (alias: string): string => `arn:aws:kms:${region}:${account}:${alias}`;
  const view = (k: KeyRecord): LocalKmsKey => ({ keyId: k.keyId, arn: keyArn(k.keyId), aliases: [...k.aliases], keySpec: k.keySpec });
  const persist = (): void => {
    if (file) writeKeyMaterialFile(file, [...keys.values()]);
  };

  const addKey = (keyId: string, alias?: string, keySpec: LocalKeySpec = 'SYMMETRIC_DEFAULT'): KeyRecord => {
    if (alias !== undefined && !ALIAS_NAME.test(alias)) throw new Error(`KMS alias must look like alias/<name>: ${alias}`);
    if (alias !== undefined && aliases.has(alias)) throw new Error(`KMS alias ${alias} already exists`);
    if (!LOCAL_KEY_SPECS.includes(keySpec)) throw new Error(`KMS key spec ${keySpec} is not one of ${LOCAL_KEY_SPECS.join(', ')}`);
    const record: KeyRecord = {
      keyId,
      material: randomBytes(MATERIAL_BYTES[keySpec]),
      creationDate: Math.floor(Date.now() / 1000),
      aliases: alias ? [alias] : [],
      keySpec,
    };
    keys.set(keyId, record);
    if (alias) aliases.set(alias, keyId);
    return record;
  };

  if (file) {
    for (const record of readKeyMaterialFile(file)) {
      keys.set(record.keyId, record);
      for (const alias of record.aliases) aliases.set(alias, record.keyId);
    }
  }
  let changed = false;
  for (const wanted of options.keys ?? []) {
    if (typeof wanted === 'object') {
      const existing = aliases.get(wanted.alias);
      if (existing === undefined) {
        addKey(randomUUID(), wanted.alias, wanted.keySpec);
        changed = true;
      } else if (keys.get(existing)?.keySpec !== wanted.keySpec) {
        throw new Error(`KMS alias ${wanted.alias} names a key of spec ${keys.get(existing)?.keySpec}, not ${wanted.keySpec}`);
      }
    } else if (wanted.startsWith('alias/')) {
      if (!aliases.has(wanted)) {
        addKey(randomUUID(), wanted);
        changed = true;
      }
    } else if (UUID.test(wanted)) {
      if (!keys.has(wanted)) {
        addKey(wanted);
        changed = true;
      }
    } else {
      throw new Error(`KMS keys option: expected an alias (alias/<name>) or a key id (UUID), got ${wanted}`);
    }
  }
  if (changed) persist();

  /** Key id, key ARN, alias or alias ARN to the key, with KMS's NotFoundException when there is none. */
  const resolve = (identifier: string): KeyRecord => {
    if (identifier.startsWith('arn:')) {
      const match = /^arn:[\w-]+:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/.exec(identifier);
      if (!match) throw new AwsServiceError('NotFoundException', `Invalid arn ${identifier}`);
      const [, arnRegion, arnAccount, kind, rest] = match;
      if (arnRegion !== region) throw new AwsServiceError('NotFoundException', `Invalid arn ${arnRegion}`);
      const keyId = arnAccount === account ? (kind === 'alias' ? aliases.get(`alias/${rest}`) : rest) : undefined;
      const record = keyId ? keys.get(keyId) : undefined;
      if (!record) {
        throw new AwsServiceError(
          'NotFoundException',
          kind === 'alias' ? `Alias ${identifier} is not found.` : `Key '${identifier}' does not exist`,
        );
      }
      return record;
    }
    if (identifier.startsWith('alias/')) {
      const keyId = aliases.get(identifier);
      const record = keyId ? keys.get(keyId) : undefined;
      if (!record) throw new AwsServiceError('NotFoundException', `Alias ${aliasArn(identifier)} is not found.`);
      return record;
    }
    if (!UUID.test(identifier)) throw new AwsServiceError('NotFoundException', `Invalid keyId '${identifier}'`);
    const record = keys.get(identifier);
    if (!record) throw new AwsServiceError('NotFoundException', `Key '${keyArn(identifier)}' does not exist`);
    return record;
  };

  // Member constraints are checked before any key is looked up, as the service's request validation runs first.
  const keyIdMember = (input: Record<string, unknown>): string => {
    const keyId = required(optionalString(input, 'KeyId'), 'keyId');
    if (keyId.length < 1 || keyId.length > 2048) {
      throw validationError(`Value '${keyId}' at 'keyId' failed to satisfy constraint: Member must have length between 1 and 2048`);
    }
    return keyId;
  };

  const operations = {
    DescribeKey(input: Record<string, unknown>) {
      const key = resolve(keyIdMember(input));
      const mac = MAC_ALGORITHM_OF[key.keySpec];
      return {
        KeyMetadata: {
          AWSAccountId: account,
          KeyId: key.keyId,
          Arn: keyArn(key.keyId),
          CreationDate: key.creationDate,
          Enabled: true,
          Description: '',
          KeyUsage: keyUsage(key),
          KeyState: 'Enabled',
          Origin: 'AWS_KMS',
          KeyManager: 'CUSTOMER',
          CustomerMasterKeySpec: key.keySpec,
          KeySpec: key.keySpec,
          ...(mac ? { MacAlgorithms: [mac.algorithm] } : { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }),
          MultiRegion: false,
        },
      };
    },

    Encrypt(input: Record<string, unknown>) {
      const keyId = keyIdMember(input);
      const plaintext = checkBlobLength(required(base64Member(input, 'Plaintext'), 'plaintext'), 'plaintext', MAX_PLAINTEXT_BYTES);
      checkAlgorithm(input);
      const context = optionalStringMap(input, 'EncryptionContext');
      const key = usableFor(resolve(keyId), 'ENCRYPT_DECRYPT', 'Encrypt');
      return {
        CiphertextBlob: seal(key, plaintext, context).toString('base64'),
        KeyId: keyArn(key.keyId),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },

    GenerateDataKey(input: Record<string, unknown>) {
      const keyId = keyIdMember(input);
      const keySpec = optionalString(input, 'KeySpec');
      const numberOfBytes = input.NumberOfBytes;
      if ((keySpec === undefined) === (numberOfBytes === undefined || numberOfBytes === null)) {
        throw new AwsServiceError('ValidationException', 'Please specify either number of bytes or key spec.');
      }
      let length: number;
      if (keySpec !== undefined) {
        if (keySpec !== 'AES_256' && keySpec !== 'AES_128') {
          // AWS's own wording for this member (it lists the CreateKey key specs; boto/boto3#3428).
          throw validationError(
            `Value '${keySpec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: ` +
              '[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, ' +
              'SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512]',
          );
        }
        length = keySpec === 'AES_256' ? 32 : 16;
      } else {
        if (typeof numberOfBytes !== 'number' || !Number.isInteger(numberOfBytes))
          throw serializationError('NumberOfBytes: expected an integer.');
        if (numberOfBytes < 1) {
          throw validationError(
            `Value '${numberOfBytes}' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1`,
          );
        }
        if (numberOfBytes > 1024) {
          throw validationError(
            `Value '${numberOfBytes}' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024`,
          );
        }
        length = numberOfBytes;
      }
      const context = optionalStringMap(input, 'EncryptionContext');
      const key = usableFor(resolve(keyId), 'ENCRYPT_DECRYPT', 'GenerateDataKey');
      const dataKey = randomBytes(length);
      return {
        CiphertextBlob: seal(key, dataKey, context).toString('base64'),
        Plaintext: dataKey.toString('base64'),
        KeyId: keyArn(key.keyId),
      };
    },

    Decrypt(input: Record<string, unknown>) {
      const blob = checkBlobLength(
        required(base64Member(input, 'CiphertextBlob'), 'ciphertextBlob'),
        'ciphertextBlob',
        MAX_CIPHERTEXT_BYTES,
      );
      checkAlgorithm(input);
      const context = optionalStringMap(input, 'EncryptionContext');
      const requested =
        input.KeyId === undefined || input.KeyId === null
          ? undefined
          : usableFor(resolve(keyIdMember(input)), 'ENCRYPT_DECRYPT', 'Decrypt');
      const blobKeyId = ciphertextKeyId(blob);
      if (blobKeyId === undefined) throw invalidCiphertext();
      if (requested && requested.keyId !== blobKeyId) {
        throw new AwsServiceError(
          'IncorrectKeyException',
          'The key ID in the request does not identify a CMK that can perform this operation.',
        );
      }
      const key = keys.get(blobKeyId);
      if (!key) {
        // AWS answers with an empty message; the hint says what is different locally.
        throw invalidCiphertext(
          `The ciphertext names key ${blobKeyId}, which this local KMS does not hold (was its keyMaterialFile kept?).`,
        );
      }
      return {
        KeyId: keyArn(key.keyId),
        Plaintext: open(key, blob, context).toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },

    GenerateMac(input: Record<string, unknown>) {
      const { key, algorithm, message } = macRequest(input, 'GenerateMac');
      return { Mac: computeMac(key, message).toString('base64'), MacAlgorithm: algorithm, KeyId: keyArn(key.keyId) };
    },

    VerifyMac(input: Record<string, unknown>) {
      const mac = checkBlobLength(required(base64Member(input, 'Mac'), 'mac'), 'mac', MAX_MAC_BYTES);
      const { key, algorithm, message } = macRequest(input, 'VerifyMac');
      const expected = computeMac(key, message);
      if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
        throw new AwsServiceError('KMSInvalidMacException', '');
      }
      return { KeyId: keyArn(key.keyId), MacValid: true, MacAlgorithm: algorithm };
    },
  };

  /** A key of the usage the operation needs, else KMS's InvalidKeyUsageException. */
  function usableFor(key: KeyRecord, usage: string, operation: string): KeyRecord {
    if (keyUsage(key) !== usage) {
      throw new AwsServiceError(
        'InvalidKeyUsageException',
        `${keyArn(key.keyId)} key usage is ${keyUsage(key)} which is not valid for ${operation}.`,
      );
    }
    return key;
  }

  /** GenerateMac's and VerifyMac's common members: constraints first, then the key, its usage and its algorithm. */
  function macRequest(input: Record<string, unknown>, operation: string): { key: KeyRecord; algorithm: MacAlgorithm; message: Buffer } {
    const keyId = keyIdMember(input);
    const message = checkBlobLength(required(base64Member(input, 'Message'), 'message'), 'message', MAX_PLAINTEXT_BYTES);
    const algorithm = required(optionalString(input, 'MacAlgorithm'), 'macAlgorithm');
    if (!(MAC_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw validationError(
        `Value '${algorithm}' at 'macAlgorithm' failed to satisfy constraint: ` +
          `Member must satisfy enum value set: [${MAC_ALGORITHMS.join(', ')}]`,
      );
    }
    const key = usableFor(resolve(keyId), 'GENERATE_VERIFY_MAC', operation);
    if (MAC_ALGORITHM_OF[key.keySpec]?.algorithm !== algorithm) {
      throw new AwsServiceError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
    }
    return { key, algorithm: algorithm as MacAlgorithm, message };
  }

  const server = await startAwsJsonServer({
    targetPrefix: 'TrentService',
    operations,
    maxBodyBytes: MAX_BODY_BYTES,
    // Not a limit AWS documents for KMS: every member is far smaller; refuse rather than buffer.
    bodyTooLarge: (bytes) =>
      new AwsServiceError('RequestEntityTooLargeException', `Request body of ${bytes} bytes is over ${MAX_BODY_BYTES}.`, 413),
  });

  return {
    ...server,
    account,
    region,
    createKey(createOptions = {}) {
      const record = addKey(randomUUID(), createOptions.alias, createOptions.keySpec);
      persist();
      return view(record);
    },
    rotateAlias(alias) {
      const oldId = aliases.get(alias);
      const old = oldId === undefined ? undefined : keys.get(oldId);
      if (!old) throw new Error(`KMS alias ${alias} does not exist`);
      old.aliases = old.aliases.filter((a) => a !== alias);
      aliases.delete(alias);
      const record = addKey(randomUUID(), alias, old.keySpec);
      persist();
      return view(record);
    },
    findKey(identifier) {
      try {
        return view(resolve(identifier));
      } catch {
        return undefined;
      }
    },
    listKeys() {
      return [...keys.values()].map(view);
    },
  };
}

const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'];

function checkAlgorithm(input: Record<string, unknown>): void {
  const algorithm = optionalString(input, 'EncryptionAlgorithm');
  if (algorithm === undefined || algorithm === 'SYMMETRIC_DEFAULT') return;
  if (!ENCRYPTION_ALGORITHMS.includes(algorithm)) {
    throw validationError(
      `Value '${algorithm}' at 'encryptionAlgorithm' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${ENCRYPTION_ALGORITHMS.join(', ')}]`,
    );
  }
  // RSA/SM2 algorithms exist in KMS, but not for the symmetric keys this endpoint holds (local wording).
  throw new AwsServiceError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec SYMMETRIC_DEFAULT.`);
}
