import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
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
 * Embedded KMS endpoint: GenerateDataKey, Encrypt, Decrypt and DescribeKey over AWS JSON 1.1
 * (`X-Amz-Target: TrentService.<Op>`), for symmetric (SYMMETRIC_DEFAULT) keys, so the unmodified
 * KMSClient runs locally against the rules of the real service.
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
 * Ciphertext format (local only): 0x01 | key id (16 bytes, the UUID) | IV (12) | tag (16) | data,
 * AES-256-GCM under the key's master key with AAD = header | canonical encryption context, so a
 * ciphertext names its key (Decrypt needs no KeyId) and opens only under the same context.
 */

export interface StartKmsOptions {
  /**
   * Keys to have: an alias (`alias/vigil-dev-data`) gets a key of its own, created unless the
   * alias is already in `keyMaterialFile`; a key id (UUID) is created with that id.
   */
  keys?: string[];
  /** JSON file (mode 0600) holding the master keys, so ciphertexts written in one run open in the next. */
  keyMaterialFile?: string;
  account?: string;
  region?: string;
}

export interface LocalKmsKey {
  keyId: string;
  arn: string;
  aliases: string[];
}

export interface EmbeddedKms extends EmbeddedEndpoint {
  account: string;
  region: string;
  /** Creates a key (persisted when `keyMaterialFile` is set). */
  createKey(options?: { alias?: string }): LocalKmsKey;
  /** Resolves a key id, key ARN, alias or alias ARN; undefined when unknown. */
  findKey(keyIdOrAlias: string): LocalKmsKey | undefined;
  listKeys(): LocalKmsKey[];
}

interface KeyRecord {
  keyId: string;
  material: Buffer;
  creationDate: number;
  aliases: string[];
}

interface KeyMaterialFile {
  version: 1;
  keys: Array<{ keyId: string; material: string; creationDate: number; aliases: string[] }>;
}

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
    if (!UUID.test(k.keyId) || material.length !== 32) throw new Error(`KMS key material file ${file}: bad key entry ${k.keyId}`);
    return { keyId: k.keyId, material, creationDate: k.creationDate, aliases: [...(k.aliases ?? [])] };
  });
}

function writeKeyMaterialFile(file: string, keys: KeyRecord[]): void {
  const content: KeyMaterialFile = {
    version: 1,
    keys: keys.map((k) => ({ keyId: k.keyId, material: k.material.toString('base64'), creationDate: k.creationDate, aliases: k.aliases })),
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
  const view = (k: KeyRecord): LocalKmsKey => ({ keyId: k.keyId, arn: keyArn(k.keyId), aliases: [...k.aliases] });
  const persist = (): void => {
    if (file) writeKeyMaterialFile(file, [...keys.values()]);
  };

  const addKey = (keyId: string, alias?: string): KeyRecord => {
    if (alias !== undefined && !ALIAS_NAME.test(alias)) throw new Error(`KMS alias must look like alias/<name>: ${alias}`);
    if (alias !== undefined && aliases.has(alias)) throw new Error(`KMS alias ${alias} already exists`);
    const record: KeyRecord = {
      keyId,
      material: randomBytes(32),
      creationDate: Math.floor(Date.now() / 1000),
      aliases: alias ? [alias] : [],
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
    if (wanted.startsWith('alias/')) {
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
      return {
        KeyMetadata: {
          AWSAccountId: account,
          KeyId: key.keyId,
          Arn: keyArn(key.keyId),
          CreationDate: key.creationDate,
          Enabled: true,
          Description: '',
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeyState: 'Enabled',
          Origin: 'AWS_KMS',
          KeyManager: 'CUSTOMER',
          CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          MultiRegion: false,
        },
      };
    },

    Encrypt(input: Record<string, unknown>) {
      const keyId = keyIdMember(input);
      const plaintext = checkBlobLength(required(base64Member(input, 'Plaintext'), 'plaintext'), 'plaintext', MAX_PLAINTEXT_BYTES);
      checkAlgorithm(input);
      const context = optionalStringMap(input, 'EncryptionContext');
      const key = resolve(keyId);
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
      const key = resolve(keyId);
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
      const requested = input.KeyId === undefined || input.KeyId === null ? undefined : resolve(keyIdMember(input));
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
  };

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
      const record = addKey(randomUUID(), createOptions.alias);
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
