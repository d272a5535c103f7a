import {
  accessSync,
  closeSync,
  constants as fsConstants,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CloudWatchLogsPayload } from '../../../events/schemas/cloudWatchLogs';
import type { EventBridgeEvent } from '../../../shared/events/envelope';
import type { Finding } from '../../../shared/findings';
import { outboxLine } from '../../../shared/outbox';
import { DataDirError, prepareDataDir } from '../dataDir';
import { countsAdded } from '../../../shared/telemetry/TelemetryIngestCounters';
import { EVENTBRIDGE_MAX_EVENT_BYTES, type ExcludedDir, ReplayError, createProgress, inputSizeBytes, readReplayInputs } from '../replay';
import { describeFsError } from '../replay/errors';
import { EmbeddedRuntime, type BusName, type DeadLetter } from './EmbeddedRuntime';
import type { LocalConfig } from './localConfig';

export interface ReplaySummary {
  events: { read: number; processed: number; quarantined: number; unmatched: number; failed: number };
  /**
   * What app-telemetry did with the telemetry batches of this run: batches received, and the app events
   * inside them accepted or quarantined (a batch quarantined whole counts all its events), plus those
   * accepted but marked as unexpected (a marking stage) and the violations found by class.
   */
  telemetry: {
    batches: number;
    events: { accepted: number; quarantined: number };
    /** Of the accepted events, those marked as unexpected. */
    unexpected: number;
    violations: Record<string, number>;
  };
  findings: number;
  byDetection: Record<string, number>;
  /** Audit records this run added to the audit trail (a redelivered or replayed-again event adds none). */
  audit: { authentication: number; operation: number };
  bySeverity: Record<string, number>;
  /**
   * Requests each sink accepted: OpsGenie alert requests (create, note, close...) and SIEM records, and apart
   * from them the heartbeat's pings (functions/heartbeat), which reach OpsGenie too but are no alert. Those
   * the embedded stand-ins captured; with a real endpoint configured (nothing captured), the findings whose
   * first delivery it accepted (the router's record).
   */
  deliveries: {
    opsgenie: number;
    siem: number;
    heartbeatPings: number;
    /**
     * OpsGenie requests accepted (202) whose outcome no outbox drain has read yet from the request-status
     * API: the drain (every 5 minutes of event time) confirms or fails them; the replay's last ones wait.
     */
    unconfirmed: number;
  };
  /** Deliveries still in the outbox at the end (waiting, or refused for good), per sink: out/outbox.jsonl lists them. */
  outbox: { opsgenie: number; siem: number };
  /**
   * Entries of the input directories left out, with why (files not JSON by their content, or empty; the
   * replay's own --out and --data-dir; the --s3-dir): nothing of them was read. A file named on the
   * command line is never skipped (one that is not JSON is quarantined whole).
   */
  skipped: Array<{ path: string; reason: string }>;
  /** True when SIGINT/SIGTERM stopped the replay: what was read up to then is in the outputs; `pending` events were dropped. */
  interrupted?: { pending: number };
  invocations: Record<string, number>;
  deadLetters: DeadLetter[];
  failedInvocations: DeadLetter[];
  durationMs: number;
}

export interface ReplayRunOptions {
  inputs: string[];
  outDir: string;
  config: LocalConfig;
  dataDir?: string;
  /** Served by the embedded S3 as `<dir>/<bucket>/<key>` (`--s3-dir`: the Model Monitor reports the events point at). */
  s3Dir?: string;
  /** Where the progress bar goes (drawn only on a terminal). */
  progressStream?: NodeJS.WriteStream;
  /** Aborted on SIGINT/SIGTERM: reading stops, waiting events are dropped, in-flight invocations finish, outputs are written. */
  signal?: AbortSignal;
}

/** Which bus a captured event arrives on: AWS services publish to the default bus, everything else to Vigil's. */
export function busFor(event: EventBridgeEvent): BusName {
  return event.source.startsWith('aws.') ? 'default' : 'vigil';
}

/**
 * `vigil replay`: every captured event through the embedded runtime, then the outputs README.md lists
 * (findings.jsonl, opsgenie.jsonl, siem.jsonl, quarantine.jsonl, summary.json) in outDir.
 */
export async function runReplay(options: ReplayRunOptions): Promise<ReplaySummary> {
  const started = Date.now();
  // Not events: what the embedded S3 serves, and what this replay writes (an --out inside an input directory).
  const served: ExcludedDir[] = [
    ...(options.s3Dir !== undefined ? [{ dir: options.s3Dir, why: 'served by the embedded S3 (--s3-dir), not events' }] : []),
    { dir: options.outDir, why: "the replay's own output (--out)" },
    ...(options.dataDir !== undefined ? [{ dir: options.dataDir, why: "the replay's state (--data-dir)" }] : []),
  ];
  const total = await inputSizeBytes(options.inputs, served);
  // Everything that can be refused up front is, before the runtime starts: a clear message, no stack.
  if (options.s3Dir !== undefined) ensureReadableDirectory(options.s3Dir, '--s3-dir');
  let unlock = (): void => {};
  if (options.dataDir !== undefined) {
    ensureDirectory(options.dataDir, '--data-dir');
    // Refused before the lock is written into it: a directory that is not Vigil's is left as it was.
    asReplayError(() => prepareDataDir(options.dataDir!));
    unlock = lockDataDir(options.dataDir);
  }
  let out: Outputs | undefined;
  let runtime: EmbeddedRuntime | undefined;
  const progress = createProgress({ total, stream: options.progressStream ?? process.stderr, label: 'replay' });
  try {
    out = openOutputs(options.outDir);
    const outputs = out;
    const deliveries = { opsgenie: 0, siem: 0, heartbeatPings: 0, unconfirmed: 0 };
    try {
      runtime = await EmbeddedRuntime.start({
        config: options.config,
        dataDir: options.dataDir,
        s3Dir: options.s3Dir,
        onDelivery: (sink, request) => {
          if (sink === 'opsgenie' && isHeartbeatPing(request)) deliveries.heartbeatPings += 1;
          else deliveries[sink] += 1;
          // SIEM lines are the OCSF records exactly as forwarded; OpsGenie lines the whole request.
          outputs[sink].write(sink === 'siem' ? ((request.body as { event?: unknown }).event ?? request.body) : request);
        },
      });
    } catch (error) {
      if (options.dataDir === undefined) throw error;
      if (error instanceof DataDirError) throw new ReplayError(error.message, { cause: error });
      throw new ReplayError(`cannot open the state kept in --data-dir "${options.dataDir}": ${describeFsError(error)}`, { cause: error });
    }
    const counts = { read: 0, inputQuarantined: 0, matched: 0, unmatched: 0 };
    let pending = 0;
    const stop = () => {
      pending = runtime?.stop() ?? 0;
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    // Each quarantine row counts its deliveries; what this run added is the difference (--data-dir
    // may hold rows from earlier replays).
    const deliveriesBefore = new Map((await runtime.quarantined()).map((row) => [row.id, row.deliveries ?? 0]));
    const auditBefore = await runtime.auditCounts();
    const telemetryBefore = await runtime.telemetryCounts();
    const skipped: ReplaySummary['skipped'] = [];
    const reading = readReplayInputs(options.inputs, {
      onBytes: (n) => progress.tick(n, 0),
      onSkip: (path, reason) => skipped.push({ path, reason }),
      maxEventBytes: EVENTBRIDGE_MAX_EVENT_BYTES,
      exclude: served,
    });
    for await (const item of reading) {
      if (options.signal?.aborted) break;
      if (item.kind === 'logs') {
        // Each log event of a payload is one event read (a CloudTrail log file's records count one by one).
        const outcome = await putLogPayload(runtime, item.payload);
        counts.read += outcome.events;
        progress.tick(0, outcome.events);
        if (outcome.delivered) counts.matched += outcome.events;
        else counts.unmatched += outcome.events;
        if (runtime.backlog >= runtime.batchSize) await runtime.drain();
        continue;
      }
      counts.read += 1;
      progress.tick(0, 1);
      if (item.kind === 'quarantined') {
        counts.inputQuarantined += 1;
        outputs.quarantine.write({ stage: 'input', origin: item.origin, reason: item.reason });
        continue;
      }
      // Scheduled functions run on event time: at every time their schedule fires before this event.
      await runtime.tick(new Date(item.event.time));
      if (runtime.deliver(item.event, busFor(item.event)) > 0) counts.matched += 1;
      else counts.unmatched += 1;
      if (runtime.backlog >= runtime.batchSize) await runtime.drain();
    }
    await runtime.drain();
    options.signal?.removeEventListener('abort', stop);
    progress.done();

    // One row per component and payload; a row refused again in this run (a duplicate in the
    // capture) is written out once per delivery. An event two functions refuse (the security
    // detector and the audit recorder read the same CloudTrail events) is one quarantined event. A row
    // for an item inside an input (an app event of a telemetry batch) is listed, but the input it came
    // in was processed: summary.telemetry counts it.
    const quarantinedEvents = new Map<string, number>();
    for (const row of await runtime.quarantined()) {
      const times = (row.deliveries ?? 1) - (deliveriesBefore.get(row.id) ?? 0);
      if (times <= 0) continue;
      if (row.item === undefined) {
        const event = row.eventId ?? row.id;
        quarantinedEvents.set(event, Math.max(quarantinedEvents.get(event) ?? 0, times));
      }
      const { deliveries: _deliveries, ...entry } = row;
      for (let i = 0; i < times; i++) outputs.quarantine.write({ stage: 'function', ...entry });
    }
    const functionQuarantined = [...quarantinedEvents.values()].reduce((sum, n) => sum + n, 0);
    const findings = await collectFindings(runtime);
    outputs.findings.writeAll(findings);
    const auditAfter = await runtime.auditCounts();
    const telemetry = countsAdded(await runtime.telemetryCounts(), telemetryBefore);

    const ledger = await runtime.deliveryLedger();
    outputs.outbox.writeAll(ledger.outbox.map(outboxLine));
    const outbox = { opsgenie: 0, siem: 0 };
    for (const entry of ledger.outbox) outbox[entry.sink] += 1;
    // Captured requests when a stand-in served the sink; the router's record of accepted deliveries otherwise.
    deliveries.unconfirmed = ledger.checking.length;
    if (options.config.opsgenie !== undefined) deliveries.opsgenie = ledger.sent.opsgenie;
    if (options.config.siem !== undefined) deliveries.siem = ledger.sent.siem;

    const { deadLetters, failedInvocations, invocations } = runtime.stats;
    // Failures of the replayed events themselves (replayed log payloads included); a finding's delivery
    // failing is listed, not counted here.
    const failed = [...deadLetters, ...failedInvocations].filter((f) => f.origin === 'input' || f.origin === 'logs').length;
    const summary: ReplaySummary = {
      events: {
        read: counts.read,
        processed: counts.matched - functionQuarantined - failed,
        quarantined: counts.inputQuarantined + functionQuarantined,
        unmatched: counts.unmatched,
        failed,
      },
      telemetry: {
        batches: telemetry.batches,
        events: { accepted: telemetry.accepted, quarantined: telemetry.quarantined },
        unexpected: telemetry.unexpected,
        violations: Object.fromEntries(Object.entries(telemetry.violations).filter(([, n]) => n > 0)),
      },
      findings: findings.length,
      byDetection: tally(findings.map((f) => f.detection)),
      audit: {
        authentication: auditAfter.authentication - auditBefore.authentication,
        operation: auditAfter.operation - auditBefore.operation,
      },
      bySeverity: tally(findings.map((f) => f.severity)),
      deliveries,
      outbox,
      skipped,
      ...(options.signal?.aborted ? { interrupted: { pending } } : {}),
      invocations: invocations as Record<string, number>,
      deadLetters,
      failedInvocations,
      durationMs: Date.now() - started,
    };
    outputs.summary.writeAll([summary], (s) => `${JSON.stringify(s, null, 2)}\n`);
    outputs.closeAll();
    return summary;
  } finally {
    progress.done();
    await runtime?.close();
    unlock();
    out?.closeAll({ quiet: true });
  }
}

/**
 * A captured CloudWatch Logs subscription payload, as production delivers it: a DATA_MESSAGE's log
 * events written to its log group (the runtime's log-subscription adapter hands them to the functions
 * subscribed to that group, with the capture's owner and stream), a CONTROL_MESSAGE to every
 * subscribed function. Scheduled functions first run up to the batch's first event time.
 */
async function putLogPayload(runtime: EmbeddedRuntime, payload: CloudWatchLogsPayload): Promise<{ events: number; delivered: boolean }> {
  if (payload.messageType === 'CONTROL_MESSAGE') return { events: 1, delivered: runtime.putControlMessage() > 0 };
  const events = payload.logEvents.map((e) => ({ timestamp: e.timestamp, message: e.message }));
  await runtime.tick(new Date(Math.min(...events.map((e) => e.timestamp))));
  const targets = runtime.putLogEvents(payload.logGroup, events, payload.logStream, payload.owner);
  return { events: events.length, delivered: targets > 0 };
}

/**
 * Creates a directory and its parents. Not mkdirSync's `recursive`: on Node 20 it loops forever
 * where a parent exists but refuses entries (mkdir under /proc gives ENOENT for ever).
 */
function makeDirectory(path: string): void {
  try {
    mkdirSync(path);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (statSync(path).isDirectory()) return;
      throw Object.assign(new Error('it exists and is not a directory'), { code: 'ENOTDIR' });
    }
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
  }
  makeDirectory(dirname(path));
  mkdirSync(path); // once: a second ENOENT is an error, not a loop
}

/** A directory the replay writes into, created if needed; a ReplayError (exit 1, no stack) if it cannot be. */
function ensureDirectory(path: string, what: string): void {
  if (path.trim() === '') throw new ReplayError(`${what} is an empty path`);
  try {
    makeDirectory(resolve(path));
    accessSync(path, fsConstants.W_OK);
  } catch (error) {
    throw new ReplayError(`cannot write to ${what} "${path}": ${describeFsError(error)}`, { cause: error });
  }
}

/** A directory the replay only reads (the embedded S3's served files); a ReplayError if it is not one. */
function ensureReadableDirectory(path: string, what: string): void {
  try {
    if (!statSync(path).isDirectory()) throw new ReplayError(`${what} "${path}" is not a directory`);
    accessSync(path, fsConstants.R_OK);
  } catch (error) {
    if (error instanceof ReplayError) throw error;
    throw new ReplayError(`cannot read ${what} "${path}": ${describeFsError(error)}`, { cause: error });
  }
}

/** A data dir refusal (DataDirError) as the replay's own error: exit 1, the reason, no stack. */
function asReplayError<T>(open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof DataDirError) throw new ReplayError(error.message, { cause: error });
    throw error;
  }
}

/**
 * One replay at a time on a data dir: two would share (and break) one DynamoDB store. The lock file
 * holds the owner's pid; a lock left by a process that is gone is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const lock = join(dataDir, 'replay.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lock);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ReplayError(`cannot lock --data-dir "${dataDir}": ${describeFsError(error)}`, { cause: error });
      }
    }
    let owner = NaN;
    try {
      owner = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch {
      // unreadable: treated as stale
    }
    if (Number.isInteger(owner) && owner > 0 && processIsAlive(owner)) {
      throw new ReplayError(`--data-dir "${dataDir}" is in use by another replay (pid ${owner}); run one replay at a time on it`);
    }
    try {
      unlinkSync(lock);
    } catch {
      // taken over by someone else meanwhile: the next attempt tells
    }
  }
  throw new ReplayError(`cannot lock --data-dir "${dataDir}": another replay keeps taking it`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
async function collectFindings(runtime: EmbeddedRuntime): Promise<Finding[]> {
  const findings: Finding[] = [];
  for await (const finding of runtime.findings()) findings.push(finding);
  return findings.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id));
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values.sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/**
 * An output file, opened (and truncated) before the run starts so an unwritable --out fails at once.
 * Writes are buffered and synchronous; a write error (a full disk) is kept and reported when the
 * file is closed, instead of surfacing as an unhandled stream error.
 */
class OutputFile {
  private buffer: string[] = [];
  private size = 0;
  private error: unknown;
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(value: unknown): void {
    this.append(`${JSON.stringify(value)}\n`);
  }

  writeAll<T>(values: T[], line: (value: T) => string = (v) => `${JSON.stringify(v)}\n`): void {
    for (const v of values) this.append(line(v));
  }

  private append(text: string): void {
    if (this.error !== undefined || this.fd === undefined) return;
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    try {
      writeSync(this.fd, text);
    } catch (error) {
      this.error ??= error;
    }
  }

  /** Flushes and closes; throws a ReplayError if anything could not be written (unless quiet). */
  close(quiet = false): void {
    if (this.fd === undefined) return;
    this.flush();
    try {
      closeSync(this.fd);
    } catch (error) {
      this.error ??= error;
    }
    this.fd = undefined;
    if (this.error !== undefined && !quiet)
      throw new ReplayError(`cannot write "${this.path}": ${describeFsError(this.error)}`, { cause: this.error });
  }
}

type Outputs = Record<'opsgenie' | 'siem' | 'quarantine' | 'findings' | 'outbox' | 'summary', OutputFile> & {
  closeAll(opts?: { quiet?: boolean }): void;
};

const OUTPUT_FILES = {
  opsgenie: 'opsgenie.jsonl',
  siem: 'siem.jsonl',
  quarantine: 'quarantine.jsonl',
  findings: 'findings.jsonl',
  outbox: 'outbox.jsonl',
  summary: 'summary.json',
} as const;

function openOutputs(outDir: string): Outputs {
  ensureDirectory(outDir, '--out');
  const files: Partial<Record<keyof typeof OUTPUT_FILES, OutputFile>> = {};
  const opened: OutputFile[] = [];
  const closeAll = ({ quiet = false } = {}) => {
    let first: unknown;
    for (const f of opened) {
      try {
        f.close(quiet);
      } catch (error) {
        first ??= error;
      }
    }
    if (first !== undefined) throw first;
  };
  for (const [key, name] of Object.entries(OUTPUT_FILES) as [keyof typeof OUTPUT_FILES, string][]) {
    const path = join(outDir, name);
    try {
      files[key] = new OutputFile(path);
      opened.push(files[key]);
    } catch (error) {
      closeAll({ quiet: true });
      throw new ReplayError(`cannot write "${path}": ${describeFsError(error)}`, { cause: error });
    }
  }
  return Object.assign(files as Record<keyof typeof OUTPUT_FILES, OutputFile>, { closeAll });
}

/** OpsGenie's heartbeat ping (GET|POST /v2/heartbeats/<name>/ping): counted apart from the alert requests. */
function isHeartbeatPing(request: unknown): boolean {
  const url = (request as { url?: unknown }).url;
  return typeof url === 'string' && /\/v2\/heartbeats\/[^/?]+\/ping(\?|$)/.test(url);
}
