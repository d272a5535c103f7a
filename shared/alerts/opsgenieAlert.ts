import { createHash } from 'node:crypto';
import type { Finding } from '../findings/types';
import { toOpsGeniePriority, type OpsGeniePriority } from './severity';
import { clip, oneLine, truncate } from './text';

/**
 * The OpsGenie create-alert request (Alert API v2, `POST /v2/alerts`), built from a finding.
 *
 * The public OpenAPI description (opsgenie/opsgenie-oas `CreateAlertPayload`) checks structure only;
 * the limits of the field table at https://docs.opsgenie.com/docs/alert-api are enforced here, by clipping
 * (what OpsGenie does with an over-long field is undocumented, so nothing over-long is ever sent).
 */
const OPSGENIE_LIMITS = {
  message: 130,
  alias: 512,
  description: 15_000,
  responders: 50,
  visibleTo: 50,
  actions: 10,
  actionLength: 50,
  tags: 20,
  tagLength: 50,
  /** Total characters of `details`, counted conservatively as the sum of every key and value. */
  detailsTotal: 8_000,
  entity: 512,
  source: 100,
  user: 100,
  note: 25_000,
} as const;

/**
 * Where alerts go. OpsGenie proper (US or EU host) or, after the Atlassian migration, Jira Service
 * Management's OpsGenie-compatible ops integration endpoint: same body, same `GenieKey` scheme,
 * another host and path (hosts: https://docs.opsgenie.com/docs/alert-api; JSM: "Integration events" in
 * https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/intro/).
 */
const OPSGENIE_FLAVOURS = {
  opsgenie: { baseUrl: 'https://api.opsgenie.com', path: '/v2/alerts', authScheme: 'GenieKey' },
  jsm: { baseUrl: 'https://api.atlassian.com', path: '/jsm/ops/integration/v2/alerts', authScheme: 'GenieKey' },
} as const;

/** Other well-known hosts for `baseUrl`. */
const OPSGENIE_BASE_URLS = {
  us: 'https://api.opsgenie.com',
  eu: 'https://api.eu.opsgenie.com',
  jsm: 'https://api.atlassian.com',
} as const;

type OpsGenieFlavour = keyof typeof OPSGENIE_FLAVOURS;

/** Responder types valid for alerts (the spec's generic Recipient enum also has all/none/group: refused). */
const RESPONDER_TYPES = ['team', 'user', 'escalation', 'schedule'] as const;
type OpsGenieResponderType = (typeof RESPONDER_TYPES)[number];

/** Identify by `id`, or by `name` (team, escalation, schedule) or `username` (user). */
interface OpsGenieResponder {
  type: OpsGenieResponderType;
  id?: string;
  name?: string;
  username?: string;
}

interface OpsGenieCreateAlertBody {
  message: string;
  alias: string;
  description: string;
  responders?: OpsGenieResponder[];
  visibleTo?: OpsGenieResponder[];
  actions?: string[];
  tags: string[];
  details: Record<string, string>;
  entity: string;
  source: string;
  priority: OpsGeniePriority;
  user: string;
  note?: string;
}

/** One HTTP request, as the capture sink records it (no headers: they carry the key). */
interface OpsGenieRequest {
  method: 'POST';
  url: string;
  body: OpsGenieCreateAlertBody;
}

interface OpsGenieAlertOptions {
  /** Deployment stage; part of the alias (stages sharing one OpsGenie account never merge alerts) and a tag. */
  stage: string;
  /** Owning team, by name: becomes a `team` responder. */
  team?: string;
  /** Further responders (after `team`). */
  responders?: OpsGenieResponder[];
  visibleTo?: OpsGenieResponder[];
  /** Custom action names offered on the alert. */
  actions?: string[];
  /** Alert `source` field; default "vigil". */
  source?: string;
  /** Display name of the request owner; default "Vigil". */
  user?: string;
  /**
   * A note added at creation. Off by default: a re-sent create for an open alias would add the same
   * note again on every occurrence.
   */
  note?: string;
  /** Routing tags (OpsGenie rules often match on tags); kept before MITRE tags when clipping to 20. */
  extraTags?: string[];
}

interface OpsGenieEndpointOptions {
  /** Default "opsgenie". */
  flavour?: OpsGenieFlavour;
  /** Default: the flavour's public host (`OPSGENIE_BASE_URLS.eu` for EU-instance accounts). */
  baseUrl?: string;
}

const ALIAS_SAFE = /^[A-Za-z0-9._-]+$/;
const ALIAS_UNSAFE_CHARS = /[^A-Za-z0-9._-]/g;

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/**
 * A component made of the safe charset only, because the alias goes in the URL path (`identifierType=alias`,
 * opsgenie/opsgenie-oas: parameters/alert.yaml); anything else is replaced and a hash keeps it distinct.
 */
function aliasComponent(value: string): string {
  if (ALIAS_SAFE.test(value)) return value;
  return `${clip(value.replace(ALIAS_UNSAFE_CHARS, '_'), 64)}.${shortHash(value)}`;
}

/**
 * The OpsGenie alias of a finding: `vigil:<stage>:<detection>:<finding id>`. Deterministic (the
 * finding id is derived from detection + dedup key + window), so a redelivered or replayed finding
 * increments the open alert's count instead of opening a second one (alias deduplication,
 * https://docs.opsgenie.com/docs/alert-api), and the same
 * alias closes or acknowledges it (`identifierType=alias`). Characters are limited to
 * `[A-Za-z0-9:._-]` (`:` only as the separator) so the alias is safe in a URL path.
 */
function opsGenieAlias(finding: Pick<Finding, 'detection' | 'id'>, stage: string): string {
  const alias = ['vigil', stage, finding.detection, finding.id].map(aliasComponent).join(':');
  if (alias.length <= OPSGENIE_LIMITS.alias) return alias;
  return `${clip(alias, OPSGENIE_LIMITS.alias - 17)}.${shortHash(alias)}`;
}

function checkResponders(field: 'responders' | 'visibleTo', list: readonly OpsGenieResponder[]): OpsGenieResponder[] {
  const out: OpsGenieResponder[] = [];
  const seen = new Set<string>();
  for (const responder of list) {
    if (!(RESPONDER_TYPES as readonly string[]).includes(responder.type)) {
      throw new TypeError(
        `OpsGenie ${field}: type "${String(responder.type)}" is not valid for alerts (expected ${RESPONDER_TYPES.join(', ')})`,
      );
    }
    const identifier = responder.id ?? (responder.type === 'user' ? responder.username : responder.name);
    if (!identifier) {
      throw new TypeError(`OpsGenie ${field}: a ${responder.type} needs an id or ${responder.type === 'user' ? 'a username' : 'a name'}`);
    }
    const key = `${responder.type}\n${identifier}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const copy: OpsGenieResponder = { type: responder.type };
    if (responder.id !== undefined) copy.id = responder.id;
    if (responder.name !== undefined) copy.name = responder.name;
    if (responder.username !== undefined) copy.username = responder.username;
    out.push(copy);
  }
  return out.slice(0, OPSGENIE_LIMITS[field]);
}

/** Trimmed, deduplicated, each clipped to `maxLength`, at most `maxCount`, first come first kept. */
function boundedList(values: Iterable<string>, maxCount: number, maxLength: number): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const value = clip(oneLine(raw), maxLength);
    if (value === '' || out.includes(value)) continue;
    out.push(value);
    if (out.length === maxCount) break;
  }
  return out;
}

function buildTags(finding: Finding, stage: string, extraTags: readonly string[] = []): string[] {
  return boundedList(
    [finding.detection, `severity:${finding.severity}`, `stage:${stage}`, ...extraTags, ...finding.mitre],
    OPSGENIE_LIMITS.tags,
    OPSGENIE_LIMITS.tagLength,
  );
}

function detailsSize(details: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of Object.entries(details)) total += key.length + value.length;
  return total;
}

/** `a,b,c (+N more)` within `budget` characters (the suffix counted), or '' if not even one id fits. */
function eventIdList(eventIds: readonly string[], total: number, budget: number): string {
  const all = eventIds.join(',');
  if (eventIds.length === total && all.length <= budget) return all;
  // Longest prefix of ids whose list plus " (+N more)" fits.
  let best = '';
  let head = '';
  for (let n = 1; n <= eventIds.length; n++) {
    head = n === 1 ? eventIds[0] : `${head},${eventIds[n - 1]}`;
    if (head.length > budget) break;
    const candidate = n === eventIds.length && n === total ? head : `${head} (+${total - n} more)`;
    if (candidate.length <= budget) best = candidate;
  }
  return best;
}

/**
 * `details`: strings only (the schema rejects anything else), at most 8,000 characters in all.
 * Filled by priority: identity and triage fields first (each value clipped), then the event ids
 * (shortened with "(+N more)" to what is left, at most half the budget), then context and evidence
 * for as long as they fit.
 */
function buildDetails(finding: Finding, stage: string): Record<string, string> {
  const details: Record<string, string> = {};
  const budget = OPSGENIE_LIMITS.detailsTotal;
  const essential: Array<[string, string, number]> = [
    ['findingId', finding.id, 128],
    ['detection', finding.detection, 128],
    ['severity', finding.severity, 16],
    ['stage', stage, 64],
    ['subject', finding.subject, 512],
    ['count', String(finding.count), 32],
    ['firstSeen', finding.firstSeen, 64],
    ['lastSeen', finding.lastSeen, 64],
    ['runbook', finding.runbook, 256],
    ['account', finding.account, 64],
    ['region', finding.region, 64],
  ];
  for (const [key, value, max] of essential) details[key] = truncate(value, max);

  // Event ids: "the first 100 at most" upstream; `count` may be larger than the ids we hold.
  const totalEvents = Math.max(finding.count, finding.eventIds.length);
  const idBudget = Math.min(Math.floor(budget / 2), budget - detailsSize(details) - 'eventIds'.length);
  const ids = eventIdList(finding.eventIds, totalEvents, idBudget);
  if (ids !== '') details.eventIds = ids;

  const optional: Array<[string, string, number]> = [
    ['mitre', finding.mitre.join(','), 256],
    ['source', finding.source, 128],
    ['windowStart', finding.window.start, 64],
    ['windowEnd', finding.window.end, 64],
    ['resources', finding.resources.join(','), 1024],
    ...Object.entries(finding.evidence).map(([k, v]): [string, string, number] => [`evidence.${k}`, String(v), 256]),
  ];
  let used = detailsSize(details);
  for (const [rawKey, rawValue, max] of optional) {
    if (rawValue === '') continue;
    const key = clip(rawKey, 100);
    if (Object.hasOwn(details, key)) continue;
    const value = truncate(rawValue, max);
    if (used + key.length + value.length > budget) continue;
    details[key] = value;
    used += key.length + value.length;
  }
  return details;
}

function buildDescription(finding: Finding, stage: string): string {
  const lines = [
    `Detection: ${finding.detection}`,
    `Severity: ${finding.severity} (${toOpsGeniePriority(finding.severity)})`,
    `Subject: ${truncate(finding.subject, 512)}`,
    `Events: ${finding.count} between ${finding.firstSeen} and ${finding.lastSeen}`,
    finding.mitre.length > 0 ? `MITRE ATT&CK: ${truncate(finding.mitre.join(', '), 512)}` : undefined,
    `Account / region: ${finding.account} / ${finding.region}`,
    `Stage: ${stage}`,
    `Runbook: ${truncate(finding.runbook, 512)}`,
    `Finding: ${finding.id}`,
  ];
  const trailer = lines.filter((l): l is string => l !== undefined).join('\n');
  const room = OPSGENIE_LIMITS.description - trailer.length - 2;
  const text = finding.description.trim();
  if (text === '') return clip(trailer, OPSGENIE_LIMITS.description);
  return clip(`${truncate(text, Math.max(room, 0))}\n\n${trailer}`, OPSGENIE_LIMITS.description);
}

/**
 * The create-alert body for a finding. Pure and deterministic (no clock), every limit enforced.
 *
 * @example
 * const body = toOpsGenieCreateAlert(finding, { stage: 'prod', team: 'secops' });
 */
function toOpsGenieCreateAlert(finding: Finding, opts: OpsGenieAlertOptions): OpsGenieCreateAlertBody {
  if (typeof opts.stage !== 'string' || opts.stage.trim() === '') throw new TypeError('toOpsGenieCreateAlert: stage is required');
  const title = oneLine(finding.title) || finding.detection;
  const responderList: OpsGenieResponder[] = [
    ...(opts.team ? [{ type: 'team' as const, name: opts.team }] : []),
    ...(opts.responders ?? []),
  ];
  const body: OpsGenieCreateAlertBody = {
    message: truncate(title, OPSGENIE_LIMITS.message),
    alias: opsGenieAlias(finding, opts.stage),
    description: buildDescription(finding, opts.stage),
    tags: buildTags(finding, opts.stage, opts.extraTags),
    details: buildDetails(finding, opts.stage),
    entity: truncate(oneLine(finding.subject) || finding.detection, OPSGENIE_LIMITS.entity),
    source: truncate(oneLine(opts.source ?? 'vigil'), OPSGENIE_LIMITS.source),
    priority: toOpsGeniePriority(finding.severity),
    user: truncate(oneLine(opts.user ?? 'Vigil'), OPSGENIE_LIMITS.user),
  };
  if (responderList.length > 0) body.responders = checkResponders('responders', responderList);
  if (opts.visibleTo && opts.visibleTo.length > 0) body.visibleTo = checkResponders('visibleTo', opts.visibleTo);
  if (opts.actions && opts.actions.length > 0) {
    body.actions = boundedList(opts.actions, OPSGENIE_LIMITS.actions, OPSGENIE_LIMITS.actionLength);
  }
  if (opts.note !== undefined && opts.note.trim() !== '') body.note = truncate(opts.note, OPSGENIE_LIMITS.note);
  return body;
}

/** The alerts endpoint for a flavour: `<baseUrl>/v2/alerts` or `<baseUrl>/jsm/ops/integration/v2/alerts`. */
function alertsEndpoint(opts: OpsGenieEndpointOptions = {}): string {
  const flavour = OPSGENIE_FLAVOURS[opts.flavour ?? 'opsgenie'];
  if (!flavour) throw new TypeError(`Unknown OpsGenie flavour "${String(opts.flavour)}" (expected opsgenie or jsm)`);
  const base = (opts.baseUrl ?? flavour.baseUrl).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch (cause) {
    throw new TypeError(`OpsGenie baseUrl "${base}" is not a URL`, { cause });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`OpsGenie baseUrl "${base}" must be http(s)`);
  }
  return `${base}${flavour.path}`;
}

/**
 * The `Authorization` header value for a flavour (both use `GenieKey <key>`: the `GenieKey` scheme of
 * opsgenie/opsgenie-oas: swagger.json, and JSM's "Integration events" docs).
 */
function opsGenieAuthorization(apiKey: string, flavour: OpsGenieFlavour = 'opsgenie'): string {
  return `${OPSGENIE_FLAVOURS[flavour].authScheme} ${apiKey}`;
}

/**
 * The complete create-alert request: what an HTTP sink sends and the capture sink records.
 *
 * @example
 * createAlertRequest(finding, { stage: 'prod', team: 'secops', baseUrl: OPSGENIE_BASE_URLS.eu });
 * // → { method: 'POST', url: 'https://api.eu.opsgenie.com/v2/alerts', body: {...} }
 */
function createAlertRequest(finding: Finding, opts: OpsGenieAlertOptions & OpsGenieEndpointOptions): OpsGenieRequest {
  return { method: 'POST', url: alertsEndpoint(opts), body: toOpsGenieCreateAlert(finding, opts) };
}

export {
  OPSGENIE_BASE_URLS,
  OPSGENIE_FLAVOURS,
  OPSGENIE_LIMITS,
  RESPONDER_TYPES,
  alertsEndpoint,
  createAlertRequest,
  opsGenieAlias,
  opsGenieAuthorization,
  toOpsGenieCreateAlert,
};
export type {
  OpsGenieAlertOptions,
  OpsGenieCreateAlertBody,
  OpsGenieEndpointOptions,
  OpsGenieFlavour,
  OpsGenieRequest,
  OpsGenieResponder,
  OpsGenieResponderType,
};
