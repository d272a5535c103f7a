import { CrashIssueNotFoundError } from '../errors';

/**
 * Sentry's issue statuses: an unresolved group fires nothing more once known, a resolved one fires when
 * seen again, an ignored one never.
 */
export const CRASH_ISSUE_STATUSES = ['unresolved', 'resolved', 'ignored'] as const;
export type CrashIssueStatus = (typeof CRASH_ISSUE_STATUSES)[number];

/** What is kept of one known crash group (the issue state app-new-or-regressed-crash reads). */
export interface CrashIssue {
  readonly groupId: string;
  readonly status: CrashIssueStatus;
  /** Event time of the group's first event the crash check saw (ISO). */
  readonly firstSeen: string;
  readonly firstRelease: string;
  /** The group's title when it was first seen (normalised: no id, address or e-mail address in it). */
  readonly title: string;
  /** When it was marked resolved (ISO): an event after it is a regression. */
  readonly resolvedAt?: string;
  /** When it last came back after a resolution (ISO event time). */
  readonly regressedAt?: string;
}

/** A group as the check first sees it. */
export type FirstSight = Pick<CrashIssue, 'groupId' | 'firstSeen' | 'firstRelease' | 'title'>;

/** A status change, applied only while the issue still is as `expected` says (a conditional write). */
export interface StatusChange {
  readonly status: CrashIssueStatus;
  readonly resolvedAt?: string;
  readonly regressedAt?: string;
}

/** What a status change requires of the stored issue: that it exists, and optionally its status and resolution. */
export interface StatusExpectation {
  readonly status?: CrashIssueStatus;
  readonly resolvedAt?: string;
}

/**
 * The known crash groups, shaped like Powertools' idempotency persistence layer: this base class holds
 * the rules (first sight keeps the first writer's record, status changes are compare-and-set) on three
 * primitives each backend implements with its own conditional writes (DynamoCrashIssueStore in the
 * DetectionState table, InMemoryCrashIssueStore for tests). No read-modify-write: two writers racing
 * on one group cannot both win.
 */
export abstract class CrashIssueStore {
  /** Creates the issue (status unresolved) unless it exists; returns the stored issue either way. */
  protected abstract createIfAbsent(first: FirstSight): Promise<CrashIssue>;
  protected abstract getIssue(groupId: string): Promise<CrashIssue | undefined>;
  /** Applies the change if the issue exists and matches `expected`; false otherwise. */
  protected abstract updateIf(groupId: string, change: StatusChange, expected: StatusExpectation): Promise<boolean>;

  /** Records a group seen: the first sight is kept, later sights change nothing. */
  seen(first: FirstSight): Promise<CrashIssue> {
    return this.createIfAbsent(first);
  }

  issue(groupId: string): Promise<CrashIssue | undefined> {
    return this.getIssue(groupId);
  }

  /** The known ones among these groups. */
  async known(groupIds: readonly string[]): Promise<Map<string, CrashIssue>> {
    const found = await Promise.all(groupIds.map((id) => this.getIssue(id)));
    return new Map(found.filter((i): i is CrashIssue => i !== undefined).map((i) => [i.groupId, i]));
  }

  /** Marks a known group resolved at `at`; events after it raise the regressed finding. */
  async resolve(groupId: string, at: Date): Promise<CrashIssue> {
    return this.mark(groupId, { status: 'resolved', resolvedAt: at.toISOString() });
  }

  /** Marks a known group ignored: it never fires again (until resolved or seen by a new grouping). */
  async ignore(groupId: string): Promise<CrashIssue> {
    return this.mark(groupId, { status: 'ignored' });
  }

  /**
   * A resolved group seen again after `resolvedAt`: unresolved once more (as Sentry marks a regressed
   * issue), only if nobody changed its resolution meanwhile. True when this call made the change.
   */
  regressed(groupId: string, resolvedAt: string, at: string): Promise<boolean> {
    return this.updateIf(groupId, { status: 'unresolved', regressedAt: at }, { status: 'resolved', resolvedAt });
  }

  private async mark(groupId: string, change: StatusChange): Promise<CrashIssue> {
    if (!(await this.updateIf(groupId, change, {}))) {
      throw new CrashIssueNotFoundError(`no known crash group ${groupId} (the crash check records a group when it first sees it)`);
    }
    return (await this.getIssue(groupId))!;
  }
}
