import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { FieldDecryptionError, FieldEncryptionError } from './errors';
import { encodeFieldContext, type FieldContext } from './fieldContext';

/*
 * Envelope encryption written here rather than with the AWS Encryption SDK, for a measured reason:
 * bench/fieldEncryption.ts seals the same records with both, relative to a bare AES-256-GCM seal of the
 * same bytes (bench/results.json): this encryptor ~1.5× (target ≤ 2×), the SDK with a caching materials
 * manager ~70× without a signature and ~280× with its default ECDSA-signed suite; and the SDK's cache is
 * keyed by the encryption context, so a context naming the record (as this AAD does) costs a KMS call per record.
 * A KMS data key (GenerateDataKey) is cached and bounded by age and by message count; each record
 * is sealed with AES-256-GCM, its FieldContext as additional data.
 *
 * Layout (version 1):
 *   u8 version | u16 keyIdLength | keyId (utf8) | u16 edkLength | encrypted data key | iv(12) | tag(16) | ciphertext
 */
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * IVs are taken from a pool of random bytes, drawn 1,024 IVs at a time, each IV used once; a new pool
 * replaces a spent one (IVs already handed out are never overwritten). Measured reason: randomBytes(12)
 * per record was a third of a seal (2.8 of 7.9 µs; 0.06 µs from the pool), and sealing was the largest
 * part of storing telemetry (bench/telemetryStorage.ts). The bytes are the same CSPRNG's.
 */
const IV_POOL_BYTES = IV_BYTES * 1024;
/** KMS encryption context of every data key: names its purpose, so a key minted for another use does not open here. */
const DATA_KEY_CONTEXT = { purpose: 'vigil-field-encryption' } as const;

export interface FieldEncryptorOptions {
  kms: KMSClient;
  keyId: string;
  /** A data key is reused for at most this long... */
  maxKeyAgeMs?: number;
  /** ...and for at most this many records. */
  maxMessagesPerKey?: number;
  now?: () => number;
}

interface CachedDataKey {
  plaintext: Buffer;
  /** What every value sealed under this key starts with: version, key id and encrypted data key (the layout above). */
  header: Buffer;
  createdAt: number;
  uses: number;
}

export class FieldEncryptor {
  private readonly kms: KMSClient;
  private readonly keyId: string;
  private readonly maxKeyAgeMs: number;
  private readonly maxMessagesPerKey: number;
  private readonly now: () => number;
  private current?: CachedDataKey;
  private pending?: Promise<CachedDataKey>;
  /** Decrypted data keys by their encrypted form, so opening many records costs one KMS call per data key. */
  private readonly opened = new Map<string, Buffer>();
  private ivPool = Buffer.alloc(0);
  private ivAt = 0;

  constructor(options: FieldEncryptorOptions) {
    this.kms = options.kms;
    this.keyId = options.keyId;
    this.maxKeyAgeMs = options.maxKeyAgeMs ?? 5 * 60_000;
    this.maxMessagesPerKey = options.maxMessagesPerKey ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async seal(plaintext: string | Uint8Array, context: FieldContext): Promise<Uint8Array> {
    const dataKey = await this.dataKey();
    dataKey.uses += 1;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv);
    cipher.setAAD(encodeFieldContext(context));
    const body = cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext);
    const last = cipher.final();
    return Buffer.concat([dataKey.header, iv, cipher.getAuthTag(), body, last]);
  }

  /** A fresh IV from the pool (see IV_POOL_BYTES). */
  private nextIv(): Buffer {
    if (this.ivAt + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_POOL_BYTES);
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + IV_BYTES);
    this.ivAt += IV_BYTES;
    return iv;
  }

  async open(sealed: Uint8Array, context: FieldContext): Promise<Buffer> {
    const parts = parse(Buffer.from(sealed));
    const key = await this.openDataKey(parts.encryptedKey);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
      decipher.setAAD(encodeFieldContext(context));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.body), decipher.final()]);
    } catch (cause) {
      throw new FieldDecryptionError('sealed value does not open under this context', { cause });
    }
  }

  private async dataKey(): Promise<CachedDataKey> {
    const key = this.current;
    if (key && key.uses < this.maxMessagesPerKey && this.now() - key.createdAt < this.maxKeyAgeMs) return key;
    // One GenerateDataKey for all the records sealed concurrently while the cache is empty.
    this.pending ??= this.generate().finally(() => {
      this.pending = undefined;
    });
    this.current = await this.pending;
    return this.current;
  }

  private async generate(): Promise<CachedDataKey> {
    let response;
    try {
      response = await this.kms.send(
        new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...DATA_KEY_CONTEXT } }),
      );
    } catch (cause) {
      throw new FieldEncryptionError(`GenerateDataKey failed for ${this.keyId}`, { cause });
    }
    if (!response.Plaintext || !response.CiphertextBlob) {
      throw new FieldEncryptionError('GenerateDataKey returned no key material');
    }
    const keyId = Buffer.from(response.KeyId ?? this.keyId, 'utf8');
    const encrypted = Buffer.from(response.CiphertextBlob);
    return {
      plaintext: Buffer.from(response.Plaintext),
      header: Buffer.concat([Buffer.from([FORMAT_VERSION]), u16(keyId.length), keyId, u16(encrypted.length), encrypted]),
      createdAt: this.now(),
      uses: 0,
    };
  }

  private async openDataKey(encrypted: Buffer): Promise<Buffer> {
    const cacheKey = encrypted.toString('base64');
    const cached = this.opened.get(cacheKey);
    if (cached) return cached;
    let response;
    try {
      response = await this.kms.send(new DecryptCommand({ CiphertextBlob: encrypted, EncryptionContext: { ...DATA_KEY_CONTEXT } }));
    } catch (cause) {
      throw new FieldDecryptionError('the data key of this value could not be decrypted', { cause });
    }
    if (!response.Plaintext) throw new FieldDecryptionError('Decrypt returned no key material');
    const key = Buffer.from(response.Plaintext);
    if (this.opened.size >= 1000) this.opened.clear();
    this.opened.set(cacheKey, key);
    return key;
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function parse(sealed: Buffer) {
  let at = 0;
  const take = (n: number) => {
    if (at + n > sealed.length) throw new FieldDecryptionError('sealed value is truncated');
    const out = sealed.subarray(at, at + n);
    at += n;
    return out;
  };
  const version = take(1)[0];
  if (version !== FORMAT_VERSION) throw new FieldDecryptionError(`unknown sealed-value version ${version}`);
  const keyId = take(take(2).readUInt16BE()).toString('utf8');
  const encryptedKey = take(take(2).readUInt16BE());
  const iv = take(IV_BYTES);
  const tag = take(TAG_BYTES);
  return { keyId, encryptedKey, iv, tag, body: sealed.subarray(at) };
}
