import { randomUUID } from 'node:crypto';

/**
 * OpsGenie's configuration API as the local stand-in serves it (mounted by opsgenieStandIn.ts for the
 * opsgenie flavour): users (read only, seeded), teams, schedules with their rotations, escalations and
 * heartbeats, with the paths, methods, bodies and status codes of opsgenie/opsgenie-oas swagger.json
 * (CreateTeamPayload, UpdateTeamPayload, CreateSchedulePayload, UpdateSchedulePayload,
 * CreateScheduleRotationPayload, TimeRestrictionInterval, CreateEscalationPayload, EscalationRule,
 * CreateHeartbeatPayload, UpdateHeartbeatPayload). It is what `vigil oncall plan | apply` is tested against.
 *
 * Like the alert stand-in it is stricter than the service on purpose: a field a definition does not
 * have is refused (422), and so is a reference to something that does not exist (an owner team, a
 * member, a participant, a recipient). Names are unique per kind (409, as OpsGenie answers a duplicate
 * heartbeat name). A schedule an escalation names, and a team that owns anything, cannot be deleted
 * (422): the order of an apply's deletes matters here as it does in OpsGenie. Lists answer as the API
 * does: `GET /v2/teams` without members (`GET /v2/teams/{id}` has them), `GET /v2/schedules` with
 * rotations only with `expand=rotation`, `GET /v2/heartbeats` as `data.heartbeats`.
 */

interface ConfigApiAnswer {
  status: number;
  body: Record<string, unknown>;
  /** A write that changed something (what a capture would record). */
  accepted: boolean;
}

interface OpsGenieConfigApiOptions {
  /** The account's users (OpsGenie users are invited, not created through this API here). */
  users?: ReadonlyArray<{ username: string; fullName?: string }>;
  now?: () => number;
  newId?: () => string;
}

type Problems = Record<string, string>;
type Stored = Record<string, unknown> & { id: string; name: string };

class ConfigRefusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly errors?: Problems,
  ) {}
}

const RESOURCES = ['users', 'teams', 'schedules', 'escalations', 'heartbeats'] as const;
type Resource = (typeof RESOURCES)[number];

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ROTATION_TYPES = ['daily', 'weekly', 'hourly'];
const PARTICIPANT_TYPES = ['user', 'team', 'escalation', 'none'];
const RULE_RECIPIENT_TYPES = ['user', 'team', 'schedule'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const FIELDS = {
  team: ['name', 'description', 'members'],
  schedule: ['name', 'description', 'timezone', 'enabled', 'ownerTeam', 'rotations'],
  rotation: ['name', 'startDate', 'endDate', 'type', 'length', 'participants', 'timeRestriction'],
  escalation: ['name', 'description', 'rules', 'ownerTeam', 'repeat'],
  rule: ['condition', 'notifyType', 'delay', 'recipient'],
  repeat: ['waitInterval', 'count', 'resetRecipientStates', 'closeAlertAfterAll'],
  heartbeatCreate: [
    'name',
    'description',
    'interval',
    'intervalUnit',
    'enabled',
    'ownerTeam',
    'alertMessage',
    'alertTags',
    'alertPriority',
  ],
  heartbeatUpdate: ['description', 'interval', 'intervalUnit', 'enabled'],
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unknownFields(problems: Problems, where: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) problems[`${where}${key}`] = `${key} is not a field here`;
}

function str(problems: Problems, where: string, value: unknown, { required = false, max = Infinity } = {}): void {
  if (value === undefined) {
    if (required) problems[where] = `${where} is required`;
  } else if (typeof value !== 'string' || (required && value.trim() === '')) problems[where] = `${where} must be a non-empty string`;
  else if (value.length > max) problems[where] = `${where} is ${value.length} characters, more than ${max}`;
}

function int(problems: Problems, where: string, value: unknown, { required = false, min = 0 } = {}): void {
  if (value === undefined) {
    if (required) problems[where] = `${where} is required`;
  } else if (typeof value !== 'number' || !Number.isInteger(value) || value < min) problems[where] = `${where} must be an integer ≥ ${min}`;
}

function oneOf(problems: Problems, where: string, value: unknown, allowed: readonly string[], required = false): void {
  if (value === undefined) {
    if (required) problems[where] = `${where} is required`;
  } else if (typeof value !== 'string' || !allowed.includes(value)) problems[where] = `${where} must be one of ${allowed.join(', ')}`;
}

function bool(problems: Problems, where: string, value: unknown, required = false): void {
  if (value === undefined ? required : typeof value !== 'boolean') problems[where] = `${where} must be a boolean`;
}

class OpsGenieConfigApi {
  readonly users: Array<{ id: string; username: string; fullName: string }>;
  readonly teams: Stored[] = [];
  readonly schedules: Stored[] = [];
  readonly escalations: Stored[] = [];
  readonly heartbeats: Array<Record<string, unknown> & { name: string }> = [];
  readonly #now: () => number;
  readonly #newId: () => string;

  constructor(options: OpsGenieConfigApiOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? randomUUID;
    this.users = (options.users ?? []).map((u) => ({ id: this.#newId(), username: u.username, fullName: u.fullName ?? u.username }));
  }

  /** Whether a path (after the flavour's prefix) is this API's (the heartbeat ping stays the alert stand-in's). */
  serves(path: string): boolean {
    const [v2, resource, , action] = path.replace(/\/+$/, '').split('/').slice(1);
    return v2 === 'v2' && (RESOURCES as readonly string[]).includes(resource ?? '') && !(resource === 'heartbeats' && action === 'ping');
  }

  /** Called by the stand-in on every ping: the heartbeat's lastPingTime. */
  recordPing(name: string): void {
    const heartbeat = this.heartbeats.find((h) => h.name === name);
    if (heartbeat) heartbeat.lastPingTime = new Date(this.#now()).toISOString();
  }

  handle(method: string, path: string, query: URLSearchParams, body: unknown): ConfigApiAnswer {
    try {
      const [, , resource, identifier, ...rest] = path.replace(/\/+$/, '').split('/');
      if (rest.length > 0) throw new ConfigRefusal(404, 'No such resource');
      const id = identifier === undefined ? undefined : decodeURIComponent(identifier);
      return this.#route(method, resource as Resource, id, query, body);
    } catch (error) {
      if (!(error instanceof ConfigRefusal)) throw error;
      const reply: Record<string, unknown> = { message: error.message, took: 0.001, requestId: this.#newId() };
      if (error.errors) reply.errors = error.errors;
      return { status: error.status, body: reply, accepted: false };
    }
  }

  #route(method: string, resource: Resource, id: string | undefined, query: URLSearchParams, body: unknown): ConfigApiAnswer {
    if (resource === 'users') {
      if (method !== 'GET' || id !== undefined) throw new ConfigRefusal(405, `${method} is not served here`);
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 100);
      return this.#ok({ data: this.users.slice(offset, offset + limit), totalCount: this.users.length });
    }
    if (id === undefined) {
      if (method === 'GET') return this.#ok({ data: this.#list(resource, query) });
      if (method === 'POST') return this.#create(resource, this.#object(body));
      throw new ConfigRefusal(405, `${method} is not allowed here`);
    }
    const item = this.#find(resource, id, query.get('identifierType') ?? (resource === 'heartbeats' ? 'name' : 'id'));
    if (method === 'GET') return this.#ok({ data: this.#view(resource, item, true) });
    if (method === 'PATCH') return this.#update(resource, item, this.#object(body));
    if (method === 'DELETE') return this.#delete(resource, item);
    throw new ConfigRefusal(405, `${method} is not allowed here`);
  }

  #ok(body: Record<string, unknown>, status = 200, accepted = false): ConfigApiAnswer {
    return { status, body: { ...body, took: 0.002, requestId: this.#newId() }, accepted };
  }

  #object(body: unknown): Record<string, unknown> {
    if (!isObject(body)) throw new ConfigRefusal(422, 'Request body is not processable', { body: 'a JSON object is required' });
    return body;
  }

  #store(resource: Exclude<Resource, 'users'>): Array<Record<string, unknown> & { name: string }> {
    return this[resource];
  }

  #list(resource: Exclude<Resource, 'users'>, query: URLSearchParams): unknown {
    if (resource === 'heartbeats') return { heartbeats: this.heartbeats.map((h) => this.#view(resource, h as Stored, true)) };
    const expand = (query.get('expand') ?? '').split(',').includes('rotation');
    return this.#store(resource).map((item) => this.#view(resource, item as Stored, resource === 'schedules' ? expand : false));
  }

  #view(resource: Resource, item: Record<string, unknown>, full: boolean): Record<string, unknown> {
    const copy = structuredClone(item);
    if (resource === 'teams' && !full) delete copy.members;
    if (resource === 'schedules' && !full) delete copy.rotations;
    if (resource === 'heartbeats') {
      const last = typeof copy.lastPingTime === 'string' ? Date.parse(copy.lastPingTime) : undefined;
      const unit = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 }[copy.intervalUnit as string] ?? 60_000;
      copy.expired = copy.enabled === true && (last === undefined || this.#now() - last > (copy.interval as number) * unit);
    }
    return copy;
  }

  #find(resource: Exclude<Resource, 'users'>, identifier: string, identifierType: string): Record<string, unknown> & { name: string } {
    if (!['id', 'name'].includes(identifierType)) {
      throw new ConfigRefusal(422, 'Request parameters are not valid', { identifierType: 'identifierType must be id or name' });
    }
    const found = this.#store(resource).find((r) => (identifierType === 'id' && resource !== 'heartbeats' ? r.id : r.name) === identifier);
    if (!found) throw new ConfigRefusal(404, `${resource.slice(0, -1)} with ${identifierType} "${identifier}" does not exist`);
    return found;
  }

  #teamRef(problems: Problems, where: string, value: unknown): { id: string; name: string } | undefined {
    if (value === undefined) return undefined;
    const team = isObject(value) ? this.teams.find((t) => t.id === value.id || t.name === value.name) : undefined;
    if (!team) problems[where] = `${where} names no existing team`;
    return team ? { id: team.id, name: team.name } : undefined;
  }

  #recipient(problems: Problems, where: string, value: unknown, types: readonly string[]): Record<string, unknown> | undefined {
    if (!isObject(value) || typeof value.type !== 'string' || !types.includes(value.type)) {
      problems[`${where}.type`] = `type must be one of ${types.join(', ')}`;
      return undefined;
    }
    if (value.type === 'none') return { type: 'none' };
    const pool: ReadonlyArray<{ id: string; name?: unknown; username?: string }> =
      value.type === 'user'
        ? this.users
        : value.type === 'team'
          ? this.teams
          : value.type === 'schedule'
            ? this.schedules
            : this.escalations;
    const key = value.type === 'user' ? 'username' : 'name';
    const found = pool.find((p) => p.id === value.id || (value[key] !== undefined && (p as Record<string, unknown>)[key] === value[key]));
    if (!found) {
      problems[where] = `${where} names no existing ${value.type}`;
      return undefined;
    }
    return { type: value.type, id: found.id, [key]: (found as Record<string, unknown>)[key] };
  }

  #checkTeam(body: Record<string, unknown>, creating: boolean): Problems {
    const problems: Problems = {};
    unknownFields(problems, '', body, FIELDS.team);
    str(problems, 'name', body.name, { required: creating, max: 100 });
    str(problems, 'description', body.description, { max: 10_000 });
    if (body.members !== undefined) {
      if (!Array.isArray(body.members)) problems.members = 'members must be an array';
      else
        body.members.forEach((m, i) => {
          const user = isObject(m) && isObject(m.user) ? m.user : undefined;
          if (!user || !this.users.some((u) => u.username === user.username || u.id === user.id)) {
            problems[`members[${i}].user`] = 'names no existing user';
          }
          if (isObject(m)) oneOf(problems, `members[${i}].role`, m.role, ['admin', 'user']);
        });
    }
    return problems;
  }

  #rotation(problems: Problems, where: string, value: unknown): Record<string, unknown> | undefined {
    if (!isObject(value)) {
      problems[where] = 'a rotation must be an object';
      return undefined;
    }
    unknownFields(problems, `${where}.`, value, FIELDS.rotation);
    str(problems, `${where}.name`, value.name);
    for (const field of ['startDate', 'endDate'] as const) {
      const date = value[field];
      if (date === undefined) {
        if (field === 'startDate') problems[`${where}.startDate`] = 'startDate is required';
      } else if (typeof date !== 'string' || !DATE_TIME.test(date)) problems[`${where}.${field}`] = `${field} must be a date-time`;
    }
    oneOf(problems, `${where}.type`, value.type, ROTATION_TYPES, true);
    int(problems, `${where}.length`, value.length, { min: 1 });
    if (!Array.isArray(value.participants) || value.participants.length === 0) {
      problems[`${where}.participants`] = 'participants must be a non-empty array';
    }
    const participants = Array.isArray(value.participants)
      ? value.participants.map((p, i) => this.#recipient(problems, `${where}.participants[${i}]`, p, PARTICIPANT_TYPES))
      : [];
    const restriction = value.timeRestriction;
    if (restriction !== undefined) this.#checkRestriction(problems, `${where}.timeRestriction`, restriction);
    return { ...structuredClone(value), id: this.#newId(), length: value.length ?? 1, participants };
  }

  #checkRestriction(problems: Problems, where: string, value: unknown): void {
    if (!isObject(value)) {
      problems[where] = 'timeRestriction must be an object';
      return;
    }
    oneOf(problems, `${where}.type`, value.type, ['time-of-day', 'weekday-and-time-of-day'], true);
    const times = (r: unknown, w: string, withDays: boolean) => {
      if (!isObject(r)) {
        problems[w] = 'must be an object';
        return;
      }
      for (const f of ['startHour', 'endHour'])
        if (typeof r[f] !== 'number' || (r[f] as number) > 23) problems[`${w}.${f}`] = 'an hour 0-23';
      for (const f of ['startMin', 'endMin'])
        if (typeof r[f] !== 'number' || (r[f] as number) > 59) problems[`${w}.${f}`] = 'a minute 0-59';
      if (withDays) for (const f of ['startDay', 'endDay']) oneOf(problems, `${w}.${f}`, r[f], WEEKDAYS, true);
    };
    if (value.type === 'time-of-day') times(value.restriction, `${where}.restriction`, false);
    if (value.type === 'weekday-and-time-of-day') {
      const list = value.restrictions;
      if (!Array.isArray(list) || list.length === 0 || list.length > 15) problems[`${where}.restrictions`] = '1 to 15 restrictions';
      else for (const [i, r] of list.entries()) times(r, `${where}.restrictions[${i}]`, true);
    }
  }

  #checkSchedule(body: Record<string, unknown>, creating: boolean): { problems: Problems; rotations?: unknown[]; ownerTeam?: unknown } {
    const problems: Problems = {};
    unknownFields(problems, '', body, FIELDS.schedule);
    str(problems, 'name', body.name, { required: creating, max: 100 });
    str(problems, 'description', body.description, { max: 10_000 });
    str(problems, 'timezone', body.timezone);
    bool(problems, 'enabled', body.enabled);
    const ownerTeam = this.#teamRef(problems, 'ownerTeam', body.ownerTeam);
    let rotations: unknown[] | undefined;
    if (body.rotations !== undefined) {
      if (!Array.isArray(body.rotations) || (creating && body.rotations.length === 0))
        problems.rotations = 'rotations must be a non-empty array';
      else rotations = body.rotations.map((r, i) => this.#rotation(problems, `rotations[${i}]`, r));
    }
    return { problems, ...(rotations ? { rotations } : {}), ...(ownerTeam ? { ownerTeam } : {}) };
  }

  #checkEscalation(body: Record<string, unknown>, creating: boolean): { problems: Problems; rules?: unknown[]; ownerTeam?: unknown } {
    const problems: Problems = {};
    unknownFields(problems, '', body, FIELDS.escalation);
    str(problems, 'name', body.name, { required: creating, max: 100 });
    str(problems, 'description', body.description, { max: 10_000 });
    const ownerTeam = this.#teamRef(problems, 'ownerTeam', body.ownerTeam);
    let rules: unknown[] | undefined;
    if (body.rules === undefined) {
      if (creating) problems.rules = 'rules is required';
    } else if (!Array.isArray(body.rules) || body.rules.length === 0) problems.rules = 'rules must be a non-empty array';
    else
      rules = body.rules.map((rule, i) => {
        const w = `rules[${i}]`;
        if (!isObject(rule)) {
          problems[w] = 'a rule must be an object';
          return undefined;
        }
        unknownFields(problems, `${w}.`, rule, FIELDS.rule);
        oneOf(problems, `${w}.condition`, rule.condition, ['if-not-acked', 'if-not-closed'], true);
        oneOf(problems, `${w}.notifyType`, rule.notifyType, ['default', 'next', 'previous', 'users', 'admins', 'all'], true);
        if (!isObject(rule.delay)) problems[`${w}.delay`] = 'delay is required';
        else {
          int(problems, `${w}.delay.timeAmount`, rule.delay.timeAmount, { required: true });
          oneOf(problems, `${w}.delay.timeUnit`, rule.delay.timeUnit, [
            'days',
            'hours',
            'minutes',
            'seconds',
            'miliseconds',
            'micros',
            'nanos',
          ]);
        }
        const recipient = this.#recipient(problems, `${w}.recipient`, rule.recipient, RULE_RECIPIENT_TYPES);
        return { ...structuredClone(rule), recipient };
      });
    if (body.repeat !== undefined) {
      if (!isObject(body.repeat)) problems.repeat = 'repeat must be an object';
      else unknownFields(problems, 'repeat.', body.repeat, FIELDS.repeat);
    }
    return { problems, ...(rules ? { rules } : {}), ...(ownerTeam ? { ownerTeam } : {}) };
  }

  #checkHeartbeat(body: Record<string, unknown>, creating: boolean): Problems {
    const problems: Problems = {};
    unknownFields(problems, '', body, creating ? FIELDS.heartbeatCreate : FIELDS.heartbeatUpdate);
    if (creating) str(problems, 'name', body.name, { required: true, max: 200 });
    str(problems, 'description', body.description, { max: 10_000 });
    int(problems, 'interval', body.interval, { required: creating, min: 1 });
    oneOf(problems, 'intervalUnit', body.intervalUnit, ['minutes', 'hours', 'days'], creating);
    bool(problems, 'enabled', body.enabled, creating);
    this.#teamRef(problems, 'ownerTeam', body.ownerTeam);
    str(problems, 'alertMessage', body.alertMessage, { max: 130 });
    if (body.alertTags !== undefined) {
      const tags = body.alertTags;
      if (!Array.isArray(tags) || tags.length > 20 || tags.some((t) => typeof t !== 'string' || t.length > 50)) {
        problems.alertTags = 'alertTags must be at most 20 strings of at most 50 characters';
      }
    }
    oneOf(problems, 'alertPriority', body.alertPriority, PRIORITIES);
    return problems;
  }

  #refuseIf(problems: Problems): void {
    if (Object.keys(problems).length > 0)
      throw new ConfigRefusal(422, 'Request body is not processable. Please check the errors.', problems);
  }

  #create(resource: Exclude<Resource, 'users'>, body: Record<string, unknown>): ConfigApiAnswer {
    const store = this.#store(resource);
    let item: Record<string, unknown> & { name: string };
    if (resource === 'teams') {
      this.#refuseIf(this.#checkTeam(body, true));
      item = { ...structuredClone(body), id: this.#newId(), name: body.name as string, members: body.members ?? [] };
    } else if (resource === 'schedules') {
      const { problems, rotations, ownerTeam } = this.#checkSchedule(body, true);
      this.#refuseIf(problems);
      item = { enabled: true, ...structuredClone(body), id: this.#newId(), name: body.name as string, rotations, ownerTeam };
    } else if (resource === 'escalations') {
      const { problems, rules, ownerTeam } = this.#checkEscalation(body, true);
      this.#refuseIf(problems);
      item = { ...structuredClone(body), id: this.#newId(), name: body.name as string, rules, ...(ownerTeam ? { ownerTeam } : {}) };
    } else {
      this.#refuseIf(this.#checkHeartbeat(body, true));
      item = { alertPriority: 'P3', ...structuredClone(body), name: body.name as string };
    }
    if (store.some((r) => r.name === item.name)) throw new ConfigRefusal(409, `${resource.slice(0, -1)} "${item.name}" already exists`);
    store.push(item);
    const data = resource === 'heartbeats' ? this.#view(resource, item, true) : { id: item.id, name: item.name };
    return this.#ok({ result: 'Created', data }, 201, true);
  }

  #update(
    resource: Exclude<Resource, 'users'>,
    item: Record<string, unknown> & { name: string },
    body: Record<string, unknown>,
  ): ConfigApiAnswer {
    let changes: Record<string, unknown> = structuredClone(body);
    if (resource === 'teams') this.#refuseIf(this.#checkTeam(body, false));
    else if (resource === 'schedules') {
      const { problems, rotations, ownerTeam } = this.#checkSchedule(body, false);
      this.#refuseIf(problems);
      changes = { ...changes, ...(rotations ? { rotations } : {}), ...(ownerTeam ? { ownerTeam } : {}) };
    } else if (resource === 'escalations') {
      const { problems, rules, ownerTeam } = this.#checkEscalation(body, false);
      this.#refuseIf(problems);
      changes = { ...changes, ...(rules ? { rules } : {}), ...(ownerTeam ? { ownerTeam } : {}) };
    } else this.#refuseIf(this.#checkHeartbeat(body, false));
    if (typeof changes.name === 'string' && changes.name !== item.name && this.#store(resource).some((r) => r.name === changes.name)) {
      throw new ConfigRefusal(409, `${resource.slice(0, -1)} "${String(changes.name)}" already exists`);
    }
    Object.assign(item, changes);
    return this.#ok(
      { result: 'Updated', data: resource === 'heartbeats' ? this.#view(resource, item, true) : { id: item.id, name: item.name } },
      200,
      true,
    );
  }

  #delete(resource: Exclude<Resource, 'users'>, item: Record<string, unknown> & { name: string }): ConfigApiAnswer {
    const uses = (list: readonly Record<string, unknown>[], test: (r: Record<string, unknown>) => boolean) =>
      list.filter(test).map((r) => r.name);
    const blocking =
      resource === 'schedules'
        ? uses(this.escalations, (e) => (e.rules as Array<{ recipient?: { id?: unknown } }>).some((r) => r.recipient?.id === item.id))
        : resource === 'teams'
          ? [...this.schedules, ...this.escalations, ...this.heartbeats]
              .filter((r) => (r.ownerTeam as { id?: unknown; name?: unknown } | undefined)?.name === item.name)
              .map((r) => r.name)
          : [];
    if (blocking.length > 0) throw new ConfigRefusal(422, `${resource.slice(0, -1)} "${item.name}" is in use by ${blocking.join(', ')}`);
    const store = this.#store(resource);
    store.splice(store.indexOf(item), 1);
    return this.#ok({ result: 'Deleted' }, 200, true);
  }
}

export { OpsGenieConfigApi };
export type { ConfigApiAnswer, OpsGenieConfigApiOptions };
