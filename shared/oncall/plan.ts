import { MANAGED_MARK, ON_CALL_KINDS, apiBodies, type ApiBodies, type OnCallKind } from './apiBodies';
import type { OnCall } from './model';

/**
 * What `vigil oncall plan` shows and `vigil oncall apply` does: the difference between the definition
 * (infra/oncall/) and what OpsGenie holds, as creates, updates, replaces and deletes, in the order they
 * can run. Pure (the state is read by configApi.ts), so the rules are tested without a server.
 *
 * - A resource is matched by name within its kind. One Vigil does not define is deleted only when its
 *   description carries {@link MANAGED_MARK} (Vigil made it); anything else in the account is left alone.
 * - Compared are the fields Vigil sends, each as the API returns it, ignoring the ids the API adds; a
 *   top-level field the API does not return is not compared (nothing can be known of it).
 * - Order: creates and updates by dependency (teams, schedules with their rotations, escalations, which
 *   name schedules, heartbeats), then deletes in the reverse order, so nothing is left pointing at a
 *   resource already gone.
 * - A heartbeat's alert message, tags, priority and owner are not in UpdateHeartbeatPayload (the swagger
 *   lets a PATCH change description, interval, intervalUnit and enabled only): a change to one of them
 *   replaces the heartbeat (delete, then create; the next ping arrives within one interval).
 */

/** A resource as the API lists it. Heartbeats have no id: the name is their identifier. */
interface ApiResource {
  id?: string;
  name: string;
  description?: string;
  [field: string]: unknown;
}

interface CurrentOnCall {
  /** The account's usernames. */
  users: readonly string[];
  team: readonly ApiResource[];
  schedule: readonly ApiResource[];
  escalation: readonly ApiResource[];
  heartbeat: readonly ApiResource[];
}

type OnCallChange =
  | { action: 'create'; kind: OnCallKind; name: string; body: ApiBodies[OnCallKind] }
  | { action: 'update' | 'replace'; kind: OnCallKind; name: string; id: string; fields: string[]; body: ApiBodies[OnCallKind] }
  | { action: 'delete'; kind: OnCallKind; name: string; id: string };

interface OnCallPlan {
  changes: OnCallChange[];
  /** What stops an apply (users the definition names that the account does not have: apply does not invite people). */
  blockers: string[];
}

const HEARTBEAT_UPDATABLE = new Set(['description', 'interval', 'intervalUnit', 'enabled']);
/** Optional body fields: compared when the API returns them even if the definition leaves them out (a removed end date). */
const OPTIONAL_FIELDS = new Set(['endDate', 'timeRestriction', 'repeat']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function differs(desired: unknown, current: unknown): boolean {
  if (Array.isArray(desired)) {
    return !Array.isArray(current) || current.length !== desired.length || desired.some((d, i) => differs(d, current[i]));
  }
  if (isObject(desired)) {
    if (!isObject(current)) return true;
    const keys = new Set([...Object.keys(desired), ...Object.keys(current).filter((k) => OPTIONAL_FIELDS.has(k))]);
    return [...keys].some((k) => k !== 'id' && differs(desired[k], current[k]));
  }
  if (typeof desired === 'string' && typeof current === 'string' && DATE_TIME.test(desired) && DATE_TIME.test(current)) {
    return Date.parse(desired) !== Date.parse(current);
  }
  return desired !== current;
}

function changedFields(desired: Record<string, unknown>, current: ApiResource): string[] {
  return Object.keys(desired).filter((k) => k in current && differs(desired[k], current[k]));
}

/** The users a definition names (members, participants, recipients) that the account does not have. */
function missingUsers(onCall: OnCall, accountUsers: readonly string[]): string[] {
  const known = new Set(accountUsers.map((u) => u.toLowerCase()));
  const named = new Set([...onCall.users.map((u) => u.username), ...onCall.teams.flatMap((t) => t.members.map((m) => m.username))]);
  return [...named].filter((u) => !known.has(u.toLowerCase())).sort();
}

function planOnCall(onCall: OnCall, current: CurrentOnCall): OnCallPlan {
  const bodies = apiBodies(onCall);
  const writes: OnCallChange[] = [];
  const deletes: OnCallChange[] = [];
  for (const kind of ON_CALL_KINDS) {
    const existing = new Map(current[kind].map((r) => [r.name, r]));
    for (const body of bodies[kind]) {
      const found = existing.get(body.name);
      if (!found) {
        writes.push({ action: 'create', kind, name: body.name, body });
        continue;
      }
      const fields = changedFields(body as unknown as Record<string, unknown>, found);
      if (fields.length === 0) continue;
      const replace = kind === 'heartbeat' && fields.some((f) => !HEARTBEAT_UPDATABLE.has(f));
      writes.push({ action: replace ? 'replace' : 'update', kind, name: body.name, id: found.id ?? found.name, fields, body });
    }
    const declared = new Set(bodies[kind].map((b) => b.name));
    for (const r of current[kind]) {
      if (!declared.has(r.name) && typeof r.description === 'string' && r.description.includes(MANAGED_MARK)) {
        deletes.push({ action: 'delete', kind, name: r.name, id: r.id ?? r.name });
      }
    }
  }
  const byKind = (a: OnCallChange, b: OnCallChange) => ON_CALL_KINDS.indexOf(b.kind) - ON_CALL_KINDS.indexOf(a.kind);
  const missing = missingUsers(onCall, current.users);
  return {
    changes: [...writes, ...deletes.sort(byKind)],
    blockers: missing.length === 0 ? [] : [`users not in the OpsGenie account (invite them first): ${missing.join(', ')}`],
  };
}

const SYMBOL = { create: '+', update: '~', replace: '±', delete: '-' } as const;

/** The plan for people: one line per change, then a count, or "No changes". */
function renderPlan(plan: OnCallPlan): string {
  const lines = plan.changes.map((c) => {
    const fields = 'fields' in c ? ` (${c.fields.join(', ')})` : '';
    return `${SYMBOL[c.action]} ${c.action} ${c.kind} "${c.name}"${fields}`;
  });
  const count = (...actions: OnCallChange['action'][]) => plan.changes.filter((c) => actions.includes(c.action)).length;
  const summary =
    plan.changes.length === 0
      ? 'No changes: OpsGenie matches infra/oncall/.'
      : `Plan: ${count('create')} to create, ${count('update', 'replace')} to change, ${count('delete')} to delete.`;
  const blockers = plan.blockers.map((b) => `! ${b}`);
  return `${[...lines, ...blockers, summary].join('\n')}\n`;
}

export { planOnCall, renderPlan };
export type { ApiResource, CurrentOnCall, OnCallChange, OnCallPlan };
