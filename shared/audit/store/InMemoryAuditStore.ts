import { type ChainTail, indexAttributesOf, type RawChainItem } from '../chain';
import type { StoredAuditRecord } from '../record';
import { type AuditIndex, AuditStore, type AuditStoreOptions, type EventClaim } from './AuditStore';

/**
 * The audit store in memory, for tests: the same conditional semantics as DynamoAuditStore, each
 * primitive atomic. Every primitive yields to the event loop first, so writers started together
 * interleave as they would against DynamoDB and their races are real.
 *
 * `items` is the raw storage, exposed so that tests can tamper with it the way someone with write
 * access to the table could.
 */
export class InMemoryAuditStore extends AuditStore {
  /** Partition -> seq -> stored item (seq 0 is not used; heads are kept apart). */
  readonly items = new Map<string, Map<number, RawChainItem>>();
  readonly heads = new Map<string, ChainTail & { expiresAt: number }>();
  readonly claims = new Map<string, EventClaim>();

  constructor(options: AuditStoreOptions = {}) {
    super(options);
  }

  private chain(partition: string): Map<number, RawChainItem> {
    let chain = this.items.get(partition);
    if (!chain) this.items.set(partition, (chain = new Map()));
    return chain;
  }

  protected async getHead(partition: string): Promise<ChainTail | undefined> {
    await Promise.resolve();
    const head = this.heads.get(partition);
    return head ? { seq: head.seq, hash: head.hash } : undefined;
  }

  protected async advanceHead(partition: string, head: ChainTail, expiresAt: number): Promise<void> {
    await Promise.resolve();
    const current = this.heads.get(partition);
    if (!current || current.seq < head.seq) this.heads.set(partition, { ...head, expiresAt });
  }

  protected async *readChain(partition: string, afterSeq: number): AsyncIterable<RawChainItem> {
    await Promise.resolve();
    const chain = this.items.get(partition);
    if (!chain) return;
    const seqs = [...chain.keys()].filter((s) => s > afterSeq).sort((a, b) => a - b);
    for (const seq of seqs) {
      const item = chain.get(seq);
      if (item) yield { ...item, index: { ...item.index } };
    }
  }

  protected async getRecord(partition: string, seq: number): Promise<RawChainItem | undefined> {
    await Promise.resolve();
    const item = this.items.get(partition)?.get(seq);
    return item ? { ...item, index: { ...item.index } } : undefined;
  }

  protected async putRecord(stored: StoredAuditRecord): Promise<boolean> {
    await Promise.resolve();
    const chain = this.chain(stored.record.partition);
    if (chain.has(stored.record.seq)) return false;
    chain.set(stored.record.seq, { seq: stored.record.seq, body: stored.body, hash: stored.hash, index: indexAttributesOf(stored.record) });
    return true;
  }

  protected async putClaim(claim: EventClaim): Promise<EventClaim | undefined> {
    await Promise.resolve();
    const existing = this.claims.get(claim.eventId);
    if (existing) return { ...existing };
    this.claims.set(claim.eventId, { ...claim });
    return undefined;
  }

  protected async replaceClaim(claim: EventClaim, expectedClaimedAt: number): Promise<boolean> {
    await Promise.resolve();
    const existing = this.claims.get(claim.eventId);
    if (!existing || existing.claimedAt !== expectedClaimedAt || existing.state !== 'pending') return false;
    this.claims.set(claim.eventId, { ...claim });
    return true;
  }

  protected async markRecorded(eventId: string, seq: number): Promise<void> {
    await Promise.resolve();
    const existing = this.claims.get(eventId);
    if (existing) this.claims.set(eventId, { ...existing, state: 'recorded', seq });
  }

  protected async markClaimPublished(eventId: string): Promise<void> {
    await Promise.resolve();
    const existing = this.claims.get(eventId);
    if (existing?.state === 'recorded') this.claims.set(eventId, { ...existing, published: true });
  }

  protected async listPartitions(): Promise<string[]> {
    await Promise.resolve();
    return [...new Set([...this.items.keys(), ...this.heads.keys()])];
  }

  protected async *queryIndex(index: AuditIndex, value: string, since: string, until: string): AsyncIterable<RawChainItem> {
    await Promise.resolve();
    const found: RawChainItem[] = [];
    for (const chain of this.items.values()) {
      for (const item of chain.values()) {
        const time = item.index.eventTime ?? '';
        if (item.index[index] === value && time >= since && time <= until) found.push({ ...item, index: { ...item.index } });
      }
    }
    yield* found.sort((a, b) => (a.index.eventTime ?? '').localeCompare(b.index.eventTime ?? ''));
  }
}
