/**
 * What the router remembers of each finding, across instances: how its first occurrence was routed,
 * how far each sink's delivery got, and the last update sent. Shaped like Powertools' persistence
 * layers: this contract, a DynamoDB implementation (on the Outbox table, see DynamoRouterStateStore)
 * and an in-memory one for tests. Every write is conditional or a set union, so concurrent
 * invocations and redelivered events agree.
 */

/** How far one sink's delivery of a finding's first occurrence got. */
export type SinkProgress = 'pending' | 'sent' | 'outboxed' | 'failed' | 'none';

/** Where the first occurrence's page went. */
export type PageRoute =
  /** Its own alert (alias = the finding's). */
  | { kind: 'create'; alias: string }
  /** Folded into a summary alert (throttle) or a flapping alert; `first` opens it. */
  | { kind: 'fold'; alias: string; first: boolean; why: 'throttled' | 'flapping' }
  /** No page: severity below the paging threshold, or a suppression or maintenance window. */
  | { kind: 'none'; reason: string };

export interface FindingRouteState {
  findingId: string;
  route: PageRoute;
  opsgenie: SinkProgress;
  siem: SinkProgress;
  /** Highest occurrence count routed (first occurrence or update). */
  count: number;
  /** The count of the occurrence the first delivery was built from (absent on older items: `count`). */
  firstCount?: number;
  /** Event time (epoch ms) of the first occurrence routed and of the last update sent. */
  routedAt: number;
  lastUpdateAt?: number;
}

export interface RouterStateStore {
  get(findingId: string): Promise<FindingRouteState | undefined>;
  /** Writes the first occurrence's state unless one exists; false when another writer was first. */
  claim(state: FindingRouteState): Promise<boolean>;
  /** Records how far the sinks' deliveries got (one write for both). */
  setProgress(findingId: string, progress: Partial<Record<'opsgenie' | 'siem', SinkProgress>>): Promise<void>;
  /**
   * Claims the right to send an update for occurrence `count` at event time `at`: true only when `count`
   * is above the last routed count and no update was sent after `notAfter` (the interval). Redelivered
   * or out-of-order occurrences (a lower or equal count) are refused.
   */
  claimUpdate(findingId: string, count: number, at: number, notAfter: number): Promise<boolean>;
  /** Adds `member` to the set `key` (idempotent) and returns the set's size; the set expires at `expiresAt` (epoch s). */
  addMember(key: string, member: string, expiresAt: number): Promise<number>;
}
