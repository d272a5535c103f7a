import type { FindingRouteState, RouterStateStore, SinkProgress } from './RouterStateStore';

/** The router's state in memory, for tests: the same conditions as the DynamoDB store. */
export class InMemoryRouterStateStore implements RouterStateStore {
  readonly routes = new Map<string, FindingRouteState>();
  readonly sets = new Map<string, Set<string>>();

  async get(findingId: string): Promise<FindingRouteState | undefined> {
    const state = this.routes.get(findingId);
    return state ? structuredClone(state) : undefined;
  }

  async claim(state: FindingRouteState): Promise<boolean> {
    if (this.routes.has(state.findingId)) return false;
    this.routes.set(state.findingId, structuredClone(state));
    return true;
  }

  async setProgress(findingId: string, progress: Partial<Record<'opsgenie' | 'siem', SinkProgress>>): Promise<void> {
    const state = this.routes.get(findingId);
    if (state) Object.assign(state, progress);
  }

  async claimUpdate(findingId: string, count: number, at: number, notAfter: number): Promise<boolean> {
    const state = this.routes.get(findingId);
    if (!state || state.count >= count || (state.lastUpdateAt !== undefined && state.lastUpdateAt > notAfter)) return false;
    state.count = count;
    state.lastUpdateAt = at;
    return true;
  }

  async addMember(key: string, member: string): Promise<number> {
    const set = this.sets.get(key) ?? new Set<string>();
    set.add(member);
    this.sets.set(key, set);
    return set.size;
  }
}
