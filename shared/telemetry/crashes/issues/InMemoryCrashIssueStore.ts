import { type CrashIssue, CrashIssueStore, type FirstSight, type StatusChange, type StatusExpectation } from './CrashIssueStore';

/** The known crash groups in memory, for tests: the same conditions as the DynamoDB store, checked and applied in one step. */
export class InMemoryCrashIssueStore extends CrashIssueStore {
  private readonly issues = new Map<string, CrashIssue>();

  protected async createIfAbsent(first: FirstSight): Promise<CrashIssue> {
    const existing = this.issues.get(first.groupId);
    if (existing) return existing;
    const issue: CrashIssue = { ...first, status: 'unresolved' };
    this.issues.set(first.groupId, issue);
    return issue;
  }

  protected async getIssue(groupId: string): Promise<CrashIssue | undefined> {
    return this.issues.get(groupId);
  }

  protected async updateIf(groupId: string, change: StatusChange, expected: StatusExpectation): Promise<boolean> {
    const current = this.issues.get(groupId);
    if (!current) return false;
    if (expected.status !== undefined && current.status !== expected.status) return false;
    if (expected.resolvedAt !== undefined && current.resolvedAt !== expected.resolvedAt) return false;
    const { resolvedAt: _resolvedAt, ...rest } = current;
    this.issues.set(groupId, { ...rest, ...change });
    return true;
  }
}
