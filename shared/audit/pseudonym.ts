import { createHmac } from 'node:crypto';
import { AuditError } from './errors';

/**
 * Keyed pseudonyms for Restricted identifiers (DESIGN.md: "where correlation needs them, as a keyed
 * pseudonym (HMAC), never a bare hash"). A bare SHA-256 of a Cognito sub can be reversed by anyone
 * holding the pool's list of subs; an HMAC needs the stage's pseudonym key, a Secrets Manager secret
 * the recorder reads and the CLI reads when asked to find a sub.
 *
 * The same sub gives the same pseudonym in every record of a stage, so one app user's sign-ins
 * correlate, are found by `vigil audit query`, and reveal nothing without the key.
 */

/** A key shorter than this is refused (HMAC-SHA256's block gives no extra strength past 64 bytes, 32 is the floor). */
export const MIN_PSEUDONYM_KEY_BYTES = 32;

/** What a pseudonym stands for: a namespace, so one value pseudonymised as two kinds never collides. */
export type PseudonymKind = 'cognito-sub';

const PREFIX: Record<PseudonymKind, string> = { 'cognito-sub': 'cognito' };

export class Pseudonymizer {
  readonly #key: Buffer;

  constructor(key: string | Uint8Array) {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
    if (bytes.length < MIN_PSEUDONYM_KEY_BYTES) {
      throw new AuditError(`the pseudonym key must be at least ${MIN_PSEUDONYM_KEY_BYTES} bytes (got ${bytes.length})`);
    }
    this.#key = bytes;
  }

  /**
   * @example
   * new Pseudonymizer(key).pseudonym('cognito-sub', '63c64b26-94e5-4788-ae45-c5f838ba5644'); // 'cognito:9f2c…' (32 hex)
   */
  pseudonym(kind: PseudonymKind, value: string): string {
    const mac = createHmac('sha256', this.#key).update(`${kind}\n${value}`, 'utf8').digest('hex');
    return `${PREFIX[kind]}:${mac.slice(0, 32)}`;
  }
}
