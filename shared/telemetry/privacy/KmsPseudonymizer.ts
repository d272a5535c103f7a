import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { PseudonymError } from './errors';

/*
 * Keyed pseudonyms for app user ids (DESIGN.md: "a keyed pseudonym (HMAC), never a bare hash"): KMS
 * GenerateMac, HMAC_SHA_256 on an HMAC_256 key. The key never leaves KMS, so nobody holding the table
 * (or a function's memory) can compute a pseudonym for a guessed id; only a caller allowed
 * kms:GenerateMac on the key can, which is what `vigil erase --user` needs.
 *
 * One KMS call per distinct user id, then a bounded in-memory cache (least recently used out): a batch
 * of one user's events costs one call, a warm Lambda with its users cached none. Concurrent lookups of
 * one id share one call.
 */

/** What the MAC is computed over: a namespace, so the same value pseudonymised for another purpose never collides. */
const NAMESPACE = 'vigil-telemetry-user';
const PREFIX = 'user:';
/** 128 bits of the MAC: collisions are out of reach for any user base, and the item stays small. */
const MAC_HEX_CHARS = 32;

export interface KmsPseudonymizerOptions {
  kms: KMSClient;
  /** The HMAC_256 key (id, ARN or alias). */
  keyId: string;
  /** Pseudonyms kept in memory. */
  maxCached?: number;
}

export class KmsPseudonymizer {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly maxCached: number;
  /** KMS GenerateMac calls made (a cache miss each): what the bench and the tests count. */
  kmsCalls = 0;

  constructor(private readonly options: KmsPseudonymizerOptions) {
    this.maxCached = options.maxCached ?? 10_000;
  }

  /**
   * @example
   * await pseudonymizer.pseudonym('u_42'); // 'user:5d0c…' (32 hex)
   */
  pseudonym(userId: string): Promise<string> {
    const cached = this.cache.get(userId);
    if (cached) {
      // Most recently used last: Map keeps insertion order.
      this.cache.delete(userId);
      this.cache.set(userId, cached);
      return cached;
    }
    const pending = this.generate(userId);
    this.cache.set(userId, pending);
    // A failed call is not cached: the next delivery tries again.
    pending.catch(() => this.cache.delete(userId));
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
    return pending;
  }

  private async generate(userId: string): Promise<string> {
    this.kmsCalls += 1;
    let mac: Uint8Array | undefined;
    try {
      const message = Buffer.from(`${NAMESPACE}\n${userId}`, 'utf8');
      mac = (
        await this.options.kms.send(new GenerateMacCommand({ KeyId: this.options.keyId, MacAlgorithm: 'HMAC_SHA_256', Message: message }))
      ).Mac;
    } catch (cause) {
      // The id is never in the message: it is Restricted.
      throw new PseudonymError(`GenerateMac failed for key ${this.options.keyId}: ${(cause as Error)?.name ?? 'error'}`, { cause });
    }
    if (!mac || mac.length === 0) throw new PseudonymError('GenerateMac returned no MAC');
    return `${PREFIX}${Buffer.from(mac).toString('hex').slice(0, MAC_HEX_CHARS)}`;
  }
}
