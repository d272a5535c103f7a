import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { EvidenceValue, Finding } from '../findings/types';
import { DRILL_TAG, drillRunOf } from '../drill/marker';
import { runbookLink } from './runbookLink';
import { toOcsfSeverity, type OcsfSeverityId, type OcsfSeverityLabel } from './severity';

/**
 * A finding as an OCSF 1.3.0 Detection Finding (class 2004, category 2 Findings), the record the
 * SIEM forwarder sends (siem.jsonl). 1.3.0 because Amazon Security Lake custom sources accept OCSF
 * ≤ 1.3 (https://docs.aws.amazon.com/security-lake/latest/userguide/custom-sources.html); the two fields 1.4
 * relaxed (`product.vendor_name`, `finding_info.title`; ocsf/ocsf-schema: objects/product.json,
 * objects/finding_info.json at tags 1.3.0 and 1.4.0) are therefore required and always set.
 *
 * Never carries `raw_data`: the record is built from the finding alone, never from the events
 * behind it (those are referenced by id in `finding_info.related_events`).
 */

const OCSF_VERSION = '1.3.0';
const DETECTION_FINDING = { class_uid: 2004, class_name: 'Detection Finding', category_uid: 2, category_name: 'Findings' } as const;

/**
 * Activity. A finding is forwarded once per finding id (findings are deduplicated by id upstream), so
 * the record that announces it is a Create, whatever its `count`: `count` says how many events were
 * aggregated into this one finding, not that an earlier record about it was sent. Update (a record
 * revising one already forwarded, same `finding_info.uid`) and Close (resolved) are for the caller
 * that knows the finding's history to ask for.
 */
const ACTIVITIES = {
  create: { activity_id: 1, activity_name: 'Create', status_id: 1, status: 'New' },
  update: { activity_id: 2, activity_name: 'Update', status_id: 1, status: 'New' },
  close: { activity_id: 3, activity_name: 'Close', status_id: 4, status: 'Resolved' },
} as const;

type OcsfFindingActivity = keyof typeof ACTIVITIES;

/** Observable types used here (OCSF dictionary `observable` type ids). */
const OBSERVABLE_TYPE = { ipAddress: 2, resourceUid: 10, other: 99 } as const;

interface OcsfAttack {
  technique?: { uid: string; name?: string };
  sub_technique?: { uid: string; name?: string };
  tactic?: { uid: string; name?: string };
  version?: string;
}

interface OcsfObservable {
  name: string;
  type_id: number;
  type: string;
  value: string;
}

/** One evidence artefact (OCSF `evidences`): the finding's evidence values and where its subject sits. */
interface OcsfEvidence {
  data?: Record<string, EvidenceValue>;
  src_endpoint?: { ip: string };
  user?: { uid: string };
}

interface OcsfDetectionFinding {
  activity_id: 1 | 2 | 3;
  activity_name: 'Create' | 'Update' | 'Close';
  category_uid: 2;
  category_name: 'Findings';
  class_uid: 2004;
  class_name: 'Detection Finding';
  type_uid: number;
  type_name: string;
  /** Epoch milliseconds of the finding's last seen event. */
  time: number;
  start_time: number;
  end_time: number;
  count: number;
  timezone_offset: 0;
  severity_id: OcsfSeverityId;
  severity: OcsfSeverityLabel;
  status_id: 1 | 4;
  status: 'New' | 'Resolved';
  message: string;
  finding_info: {
    uid: string;
    title: string;
    desc?: string;
    types: string[];
    first_seen_time: number;
    last_seen_time: number;
    analytic: { uid: string; name: string; type_id: 1; type: 'Rule' };
    attacks?: OcsfAttack[];
    data_sources?: string[];
    related_events?: Array<{ uid: string }>;
  };
  metadata: {
    version: typeof OCSF_VERSION;
    product: { name: 'Vigil'; vendor_name: 'Vigil'; version: string };
    profiles: ['cloud'];
    uid: string;
    correlation_uid: string;
    event_code: string;
    labels: string[];
  };
  cloud: { provider: 'AWS'; account?: { uid: string }; region?: string };
  resources?: Array<{ uid: string }>;
  /** The runbook: what to do about the finding (OCSF `remediation`, defined for class 2004). */
  remediation: { desc: string; references: string[] };
  evidences?: OcsfEvidence[];
  observables: OcsfObservable[];
  unmapped: {
    stage: string;
    subject: string;
    window: { start: string; end: string };
    event_ids: string[];
    runbook: string;
    source: string;
    /** Only on a drill's synthetic finding (shared/drill/marker.ts): the drill run's id. */
    drill?: string;
  };
}

interface OcsfFindingOptions {
  /** Vigil's version (package.json), as `metadata.product.version`. */
  productVersion: string;
  stage: string;
  /** Default "create" (see ACTIVITIES). */
  activity?: OcsfFindingActivity;
  /** The stage's runbook base URL (runbookLink.ts): `remediation.references` and `unmapped.runbook` carry `<base>/<runbook>`. */
  runbookBaseUrl?: string;
}

function epochMs(finding: Finding, field: 'firstSeen' | 'lastSeen'): number {
  const ms = Date.parse(finding[field]);
  if (!Number.isFinite(ms)) throw new TypeError(`Finding ${finding.id}: ${field} "${finding[field]}" is not a valid timestamp`);
  return ms;
}

const TECHNIQUE = /^T\d{4}$/;
const SUB_TECHNIQUE = /^(T\d{4})\.\d{3}$/;
const TACTIC = /^TA\d{4}$/;

/**
 * MITRE ids → OCSF `attack` objects: `T1078` a technique, `T1078.004` a sub-technique under its
 * technique, `TA0005` a tactic. Anything else is kept as a technique uid as given (never dropped).
 */
function toAttacks(mitre: readonly string[]): OcsfAttack[] {
  const attacks: OcsfAttack[] = [];
  for (const raw of new Set(mitre.map((m) => m.trim()).filter((m) => m !== ''))) {
    const id = raw.toUpperCase();
    const sub = SUB_TECHNIQUE.exec(id);
    if (sub) attacks.push({ technique: { uid: sub[1] }, sub_technique: { uid: id } });
    else if (TACTIC.test(id)) attacks.push({ tactic: { uid: id } });
    else if (TECHNIQUE.test(id)) attacks.push({ technique: { uid: id } });
    else attacks.push({ technique: { uid: raw } });
  }
  return attacks;
}

/** An IAM or STS identity (user, role, role session, federated user, root) or a Cognito user's pseudonym. */
const PRINCIPAL = /^(arn:aws[\w-]*:(iam|sts)::\d{12}:(root$|user\/|role\/|assumed-role\/|federated-user\/)|cognito:)/;

type SubjectPlace = 'src_endpoint' | 'user' | 'resource';

/**
 * Where the subject (the pseudonymised "who or what" of the finding) sits among the attributes OCSF
 * 1.3 defines, so that its observable names a real attribute (an observable naming `unmapped.*` names
 * nothing the schema defines, and the OCSF validator refuses it): an address is the evidence's source
 * endpoint, an identity the evidence's user, anything else (a resource ARN, an account, a configuration
 * name) an affected resource. The subject also stays in `unmapped.subject`, as before.
 */
function subjectPlace(subject: string): SubjectPlace {
  if (isIP(subject) !== 0) return 'src_endpoint';
  if (PRINCIPAL.test(subject)) return 'user';
  return 'resource';
}

function subjectType(subject: string, place: SubjectPlace): Pick<OcsfObservable, 'type_id' | 'type'> {
  if (place === 'src_endpoint') return { type_id: OBSERVABLE_TYPE.ipAddress, type: 'IP Address' };
  if (subject.startsWith('arn:')) return { type_id: OBSERVABLE_TYPE.resourceUid, type: 'Resource UID' };
  return { type_id: OBSERVABLE_TYPE.other, type: 'Subject' };
}

/**
 * Same detection + dedup key in every window → same value: ties together the successive findings
 * (one per window) about one thing. The dedup key goes in digested, like the finding id that is
 * derived from it: the Finding contract promises a pseudonymised `subject` but says nothing of
 * `dedupKey`, so its plaintext is kept out of the SIEM.
 */
function correlationUid(finding: Finding, stage: string): string {
  const digest = createHash('sha256').update(`${finding.detection}\n${finding.dedupKey}`).digest('hex').slice(0, 32);
  return `vigil:${stage}:${finding.detection}:${digest}`;
}

/**
 * The OCSF 1.3.0 Detection Finding for a finding. Deterministic: the same finding gives the same
 * record (no wall clock), so a replay forwards byte-identical records.
 *
 * @example
 * toOcsfDetectionFinding(finding, { productVersion: '0.1.0', stage: 'prod' }).type_uid; // 200401
 */
function toOcsfDetectionFinding(finding: Finding, opts: OcsfFindingOptions): OcsfDetectionFinding {
  if (typeof opts.stage !== 'string' || opts.stage.trim() === '') throw new TypeError('toOcsfDetectionFinding: stage is required');
  const activity = ACTIVITIES[opts.activity ?? 'create'];
  if (!activity) throw new TypeError(`Unknown OCSF finding activity "${String(opts.activity)}"`);
  const first = epochMs(finding, 'firstSeen');
  const last = epochMs(finding, 'lastSeen');
  const { severity_id, severity } = toOcsfSeverity(finding.severity);
  const title = finding.title.trim() || finding.detection;
  const attacks = toAttacks(finding.mitre);
  const resources = [...new Set(finding.resources.filter((r) => r !== ''))];
  const runbook = runbookLink(finding.runbook, opts.runbookBaseUrl);
  const drill = drillRunOf(finding);

  const record: OcsfDetectionFinding = {
    activity_id: activity.activity_id,
    activity_name: activity.activity_name,
    category_uid: DETECTION_FINDING.category_uid,
    category_name: DETECTION_FINDING.category_name,
    class_uid: DETECTION_FINDING.class_uid,
    class_name: DETECTION_FINDING.class_name,
    type_uid: DETECTION_FINDING.class_uid * 100 + activity.activity_id,
    type_name: `${DETECTION_FINDING.class_name}: ${activity.activity_name}`,
    time: last,
    start_time: first,
    end_time: last,
    count: finding.count,
    timezone_offset: 0,
    severity_id,
    severity,
    status_id: activity.status_id,
    status: activity.status,
    message: title,
    finding_info: {
      uid: finding.id,
      title,
      types: [finding.detection],
      first_seen_time: first,
      last_seen_time: last,
      analytic: { uid: finding.detection, name: finding.detection, type_id: 1, type: 'Rule' },
    },
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'Vigil', vendor_name: 'Vigil', version: opts.productVersion },
      profiles: ['cloud'],
      // One record per (finding, activity, time): a replay repeats the uid, so the SIEM can dedup.
      uid: `vigil:${opts.stage}:${finding.id}:${activity.activity_id}:${last}`,
      correlation_uid: correlationUid(finding, opts.stage),
      event_code: finding.detection,
      labels: drill === undefined ? [`stage:${opts.stage}`] : [`stage:${opts.stage}`, DRILL_TAG],
    },
    cloud: { provider: 'AWS' },
    remediation: { desc: `Runbook: ${runbook}`, references: [runbook] },
    observables: [],
    unmapped: {
      stage: opts.stage,
      subject: finding.subject,
      window: { start: finding.window.start, end: finding.window.end },
      event_ids: [...finding.eventIds],
      runbook,
      source: finding.source,
      ...(drill === undefined ? {} : { drill }),
    },
  };
  if (finding.description.trim() !== '') record.finding_info.desc = finding.description;
  if (attacks.length > 0) record.finding_info.attacks = attacks;
  if (finding.source !== '') record.finding_info.data_sources = [finding.source];
  if (finding.eventIds.length > 0) record.finding_info.related_events = finding.eventIds.map((uid) => ({ uid }));
  if (finding.account !== '') record.cloud.account = { uid: finding.account };
  if (finding.region !== '') record.cloud.region = finding.region;
  const subject = finding.subject;
  const place = subject === '' ? undefined : subjectPlace(subject);
  if (place === 'resource' && !resources.includes(subject)) resources.unshift(subject);
  const evidence: OcsfEvidence = {};
  if (Object.keys(finding.evidence).length > 0) evidence.data = { ...finding.evidence };
  if (place === 'src_endpoint') evidence.src_endpoint = { ip: subject };
  if (place === 'user') evidence.user = { uid: subject };
  if (Object.keys(evidence).length > 0) record.evidences = [evidence];
  if (place === 'src_endpoint' || place === 'user') {
    const name = place === 'user' ? 'evidences[0].user.uid' : 'evidences[0].src_endpoint.ip';
    record.observables.push({ name, ...subjectType(subject, place), value: subject });
  }
  if (resources.length > 0) {
    record.resources = resources.map((uid) => ({ uid }));
    for (const [i, uid] of resources.entries()) {
      const type = uid === subject ? subjectType(uid, 'resource') : { type_id: OBSERVABLE_TYPE.resourceUid, type: 'Resource UID' };
      record.observables.push({ name: `resources[${i}].uid`, ...type, value: uid });
    }
  }
  return record;
}

export { ACTIVITIES as OCSF_FINDING_ACTIVITIES, DETECTION_FINDING, OCSF_VERSION, toAttacks, toOcsfDetectionFinding };
export type { OcsfAttack, OcsfDetectionFinding, OcsfEvidence, OcsfFindingActivity, OcsfFindingOptions, OcsfObservable };
