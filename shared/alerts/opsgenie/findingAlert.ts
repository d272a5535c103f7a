import { createHash } from 'node:crypto';
import type { Finding } from '../../findings/types';
import { DRILL_TAG, isDrill } from '../../drill/marker';
import { runbookLink } from '../runbookLink';
import { toOpsGeniePriority } from '../severity';
import { clip, oneLine, truncate } from '../text';
import { resolveOpsGenieEndpoint, type OpsGenieEndpointOptions, type OpsGenieFlavour } from './endpoint';
import { OPSGENIE_LIMITS, boundAlias, boundCreateAlert, truncateLongText } from './limits';
import { alertsUrl } from './paths';
import { RESPONDER_TYPES, type OpsGenieCreateAlertBody, type OpsGenieCreateAlertRequest, type OpsGenieResponder } from './types';

/**
 * The OpsGenie create-alert request (Alert API v2, `POST /v2/alerts`), built from a finding.
 *
 * The public OpenAPI description (opsgenie/opsgenie-oas `CreateAlertPayload`) checks structure only;
 * the documented limits are enforced by `boundCreateAlert` (limits.ts), which also marks what it cut.
 * The description and details are budgeted here first, by priority (the structured trailer and the
 * identity fields survive a huge finding), and what that shortens is marked the same way.
 */

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
  /** The stage's runbook base URL (runbookLink.ts): the description and `details.runbook` carry `<base>/<runbook>`. */
  runbookBaseUrl?: string;
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
  // Over 512 characters: cut with a hash of the whole suffixed (limits.ts), still unique per finding.
  return boundAlias(['vigil', stage, finding.detection, finding.id].map(aliasComponent).join(':'));
}

/** Validated and deduplicated; the count limit (50) is applied, and marked, by boundCreateAlert. */
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
    out.push(responder);
  }
  return out;
}

/** Routing tags first, MITRE ids last: when over 20, the MITRE ids are the ones dropped. */
function tagCandidates(finding: Finding, stage: string, extraTags: readonly string[] = []): string[] {
  const drill = isDrill(finding) ? [DRILL_TAG] : [];
  return [finding.detection, ...drill, `severity:${finding.severity}`, `stage:${stage}`, ...extraTags, ...finding.mitre].map(oneLine);
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
 * for as long as they fit. `cut` is true when anything was clipped or left out (a "(+N more)" for
 * ids this finding never held is not a cut: `count` says how many events there were).
 */
function buildDetails(finding: Finding, stage: string, runbook: string): { details: Record<string, string>; cut: boolean } {
  const details: Record<string, string> = {};
  let cut = false;
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
    ['runbook', runbook, 512],
    ['account', finding.account, 64],
    ['region', finding.region, 64],
  ];
  for (const [key, value, max] of essential) {
    details[key] = truncate(value, max);
    if (details[key] !== value) cut = true;
  }

  // Event ids: "the first 100 at most" upstream; `count` may be larger than the ids we hold.
  const totalEvents = Math.max(finding.count, finding.eventIds.length);
  const idBudget = Math.min(Math.floor(budget / 2), budget - detailsSize(details) - 'eventIds'.length);
  const ids = eventIdList(finding.eventIds, totalEvents, idBudget);
  if (ids !== '') details.eventIds = ids;
  const listed = ids === '' ? 0 : ids.replace(/ \(\+\d+ more\)$/, '').split(',').length;
  if (listed < finding.eventIds.length) cut = true;

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
    if (used + key.length + value.length > budget) {
      cut = true;
      continue;
    }
    if (value !== rawValue) cut = true;
    details[key] = value;
    used += key.length + value.length;
  }
  return { details, cut };
}

/** The free text first, then a structured trailer that always survives; `cut` when the free text was shortened. */
function buildDescription(finding: Finding, stage: string, runbook: string): { description: string; cut: boolean } {
  const lines = [
    `Detection: ${finding.detection}`,
    `Severity: ${finding.severity} (${toOpsGeniePriority(finding.severity)})`,
    `Subject: ${truncate(finding.subject, 512)}`,
    `Events: ${finding.count} between ${finding.firstSeen} and ${finding.lastSeen}`,
    finding.mitre.length > 0 ? `MITRE ATT&CK: ${truncate(finding.mitre.join(', '), 512)}` : undefined,
    `Account / region: ${finding.account} / ${finding.region}`,
    `Stage: ${stage}`,
    `Runbook: ${truncate(runbook, 1024)}`,
    `Finding: ${finding.id}`,
  ];
  const trailer = lines.filter((l): l is string => l !== undefined).join('\n');
  const room = OPSGENIE_LIMITS.description - trailer.length - 2;
  const text = finding.description.trim();
  if (text === '') return { description: trailer, cut: false };
  const kept = truncateLongText(text, Math.max(room, 0));
  return { description: `${kept}\n\n${trailer}`, cut: kept !== text };
}

/**
 * The create-alert body for a finding. Pure and deterministic (no clock), every limit enforced and
 * every cut marked (limits.ts).
 *
 * @example
 * const body = toOpsGenieCreateAlert(finding, { stage: 'prod', team: 'secops' });
 */
function toOpsGenieCreateAlert(finding: Finding, opts: OpsGenieAlertOptions): OpsGenieCreateAlertBody {
  if (typeof opts.stage !== 'string' || opts.stage.trim() === '') throw new TypeError('toOpsGenieCreateAlert: stage is required');
  const responderList: OpsGenieResponder[] = [
    ...(opts.team ? [{ type: 'team' as const, name: opts.team }] : []),
    ...(opts.responders ?? []),
  ];
  const runbook = runbookLink(finding.runbook, opts.runbookBaseUrl);
  const { description, cut: descriptionCut } = buildDescription(finding, opts.stage, runbook);
  const { details, cut: detailsCut } = buildDetails(finding, opts.stage, runbook);
  const body: OpsGenieCreateAlertBody = {
    message: oneLine(finding.title) || finding.detection,
    alias: opsGenieAlias(finding, opts.stage),
    description,
    tags: tagCandidates(finding, opts.stage, opts.extraTags),
    details,
    entity: oneLine(finding.subject) || finding.detection,
    source: oneLine(opts.source ?? 'vigil'),
    priority: toOpsGeniePriority(finding.severity),
    user: oneLine(opts.user ?? 'Vigil'),
  };
  if (responderList.length > 0) body.responders = checkResponders('responders', responderList);
  if (opts.visibleTo && opts.visibleTo.length > 0) body.visibleTo = checkResponders('visibleTo', opts.visibleTo);
  if (opts.actions && opts.actions.length > 0) body.actions = opts.actions.map(oneLine);
  if (opts.note !== undefined && opts.note.trim() !== '') body.note = opts.note;
  const cut = [...(descriptionCut ? ['description'] : []), ...(detailsCut ? ['details'] : [])];
  return boundCreateAlert(body, cut).body;
}

/** The alerts endpoint for a flavour: `<baseUrl>/v2/alerts` or `<baseUrl>/jsm/ops/integration/v2/alerts`. */
function alertsEndpoint(opts: OpsGenieEndpointOptions = {}): string {
  return alertsUrl(resolveOpsGenieEndpoint(opts));
}

/**
 * The `Authorization` header value: both flavours use `GenieKey <key>` (the `GenieKey` scheme of
 * opsgenie/opsgenie-oas swagger.json, and JSM's "Integration events" docs).
 */
function opsGenieAuthorization(apiKey: string, _flavour: OpsGenieFlavour = 'opsgenie'): string {
  return `GenieKey ${apiKey}`;
}

/**
 * The complete create-alert request: what the OpsGenie client sends and the capture sink records.
 *
 * @example
 * createAlertRequest(finding, { stage: 'prod', team: 'secops', baseUrl: OPSGENIE_BASE_URLS.eu });
 * // → { method: 'POST', url: 'https://api.eu.opsgenie.com/v2/alerts', body: {...} }
 */
function createAlertRequest(finding: Finding, opts: OpsGenieAlertOptions & OpsGenieEndpointOptions): OpsGenieCreateAlertRequest {
  return { method: 'POST', url: alertsEndpoint(opts), body: toOpsGenieCreateAlert(finding, opts) };
}

export { alertsEndpoint, createAlertRequest, opsGenieAlias, opsGenieAuthorization, toOpsGenieCreateAlert };
export type { OpsGenieAlertOptions };
