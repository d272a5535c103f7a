import { toOcsfDetectionFinding } from '../alerts/ocsfFinding';
import type { OpsGenieRequestStatus, OpsGenieRequestStatusReader } from '../alerts/opsgenie/client';
import { shouldPage } from '../alerts/severity';
import type { DeliveryOptions, SiemSink } from '../alerts/sinks/types';
import type { FindingPublisher } from '../findings/FindingPublisher';
import type { Finding, Severity } from '../findings/types';
import type { DrillReceipt } from './DrillReceipt';
import type { DrillItem, DrillRow, DrillRunRecord } from './DrillRunRecord';
import type { DrillStore } from './DrillStore';
import { drillFinding, newDrillRunId } from './drillFinding';
import { DrillError } from './errors';
import type { DrillTarget } from './targets';

/** What a drill needs of OpsGenie: the request-status API (verify) and close by alias. OpsGenieClient fits. */
export interface DrillOpsGenie extends OpsGenieRequestStatusReader {
  closeAlert(alias: string, body?: { note?: string; source?: string; user?: string }, options?: DeliveryOptions): Promise<unknown>;
}

/**
 * Extra evidence, where it exists: locally, the requests the OpsGenie and HEC stand-ins captured (a
 * create with the alias, a Detection Finding with the finding id). A stage has none beyond the APIs.
 */
export interface DrillEvidence {
  opsgenieCreated(alias: string): boolean;
  siemRecorded(findingId: string): boolean;
}

export interface AlertDrillOptions {
  stage: string;
  account: string;
  region: string;
  pageAtOrAbove: Severity;
  productVersion: string;
  /** Puts the drill findings on the Vigil bus: the router receives them as it receives every finding. */
  publisher: FindingPublisher;
  store: DrillStore;
  opsgenie: DrillOpsGenie;
  /** Where the Close records go (the stage's SIEM sink). */
  siem: SiemSink;
  /** The stage's runbook base URL (routing configuration), for the Close records' runbook link. */
  runbookBaseUrl?: string;
  /** Wall clock, for latency only (the drill's own times are event times). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** How long a verification waits for the router's receipts and OpsGenie's processing. */
export interface VerifyOptions extends DeliveryOptions {
  /** Ask again this many times while a receipt is missing or a request pending (default 0: look once). */
  polls?: number;
  pollIntervalMs?: number;
  evidence?: DrillEvidence;
}

/**
 * The alert drill: a synthetic, marked finding per detection (drillFinding.ts) put on the bus, so the real
 * alert router routes it (the path a real finding takes: policy, sinks, retries, outbox); then each is
 * verified from the router's receipt, OpsGenie's request status for the create's requestId and the
 * SIEM's acceptance (indexer acknowledgement when the stage has it on); then every drill alert is closed
 * (OpsGenie close by alias, an OCSF Close record). Three steps, so a caller that cannot wait in between
 * (the embedded runtime runs the router only after the caller returns) can split them.
 */
export class AlertDrill {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: AlertDrillOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Publishes one drill finding per target at event time `at` and records the run as started. */
  async start(targets: readonly DrillTarget[], at: number, budget: DeliveryOptions = {}): Promise<DrillRunRecord> {
    const runId = newDrillRunId(at);
    const findings = targets.map((t) => this.finding(t, runId, at));
    const items: DrillItem[] = targets.map((t, i) => ({
      detection: t.id,
      title: t.title,
      severity: t.severity,
      findingId: findings[i]!.id,
      pages: shouldPage(t.severity, this.options.pageAtOrAbove),
    }));
    const run: DrillRunRecord = { runId, stage: this.options.stage, at, startedAt: this.now(), items };
    await this.options.store.saveRun(run);
    await this.options.publisher.publish(findings, budget);
    return run;
  }

  /** One row per item: each sink's outcome, latency and verdict. */
  async verify(run: DrillRunRecord, options: VerifyOptions = {}): Promise<DrillRow[]> {
    const ids = run.items.map((i) => i.findingId);
    let receipts = await this.options.store.receipts(ids);
    for (let poll = 0; poll < (options.polls ?? 0) && receipts.size < ids.length; poll += 1) {
      await this.sleep(options.pollIntervalMs ?? 2000);
      receipts = await this.options.store.receipts(ids);
    }
    const rows: DrillRow[] = [];
    for (const item of run.items) rows.push(await this.row(run, item, receipts.get(item.findingId), options));
    return rows;
  }

  /** Closes what the drill opened; `rows` gain what was closed. Never throws for one alert: its row says. */
  async close(run: DrillRunRecord, rows: DrillRow[], budget: DeliveryOptions = {}): Promise<DrillRow[]> {
    const receipts = await this.options.store.receipts(run.items.map((i) => i.findingId));
    const out: DrillRow[] = [];
    for (const row of rows) {
      const item = run.items.find((i) => i.findingId === row.findingId)!;
      const receipt = receipts.get(row.findingId);
      const closed: DrillRow['closed'] = { opsgenie: 'n/a', siem: false };
      const problems = [...row.problems];
      if (receipt?.alias !== undefined && receipt.opsgenie.outcome === 'sent') {
        try {
          await this.options.opsgenie.closeAlert(
            receipt.alias,
            { note: `drill ${run.runId} over`, source: 'vigil', user: 'Vigil' },
            budget,
          );
          closed.opsgenie = true;
        } catch (error) {
          closed.opsgenie = false;
          problems.push(`OpsGenie close failed: ${(error as Error).message}`);
        }
      }
      try {
        const finding = this.finding({ id: item.detection, title: item.title, severity: item.severity }, run.runId, run.at, row.findingId);
        const record = toOcsfDetectionFinding(finding, {
          productVersion: this.options.productVersion,
          stage: this.options.stage,
          activity: 'close',
          ...(this.options.runbookBaseUrl === undefined ? {} : { runbookBaseUrl: this.options.runbookBaseUrl }),
        });
        await this.options.siem.deliver([record], budget);
        closed.siem = true;
      } catch (error) {
        problems.push(`SIEM Close record failed: ${(error as Error).message}`);
      }
      out.push({ ...row, closed, problems, verdict: problems.length === 0 ? row.verdict : 'fail' });
    }
    return out;
  }

  /** The most recently started run (finished or not). */
  latestRun(): Promise<DrillRunRecord | undefined> {
    return this.options.store.latestRun();
  }

  /** Records the verified run (rows and verdict) as the latest. */
  async finish(run: DrillRunRecord, rows: DrillRow[], at: number): Promise<DrillRunRecord> {
    const done: DrillRunRecord = { ...run, rows, verdict: rows.every((r) => r.verdict === 'pass') ? 'pass' : 'fail', verifiedAt: at };
    await this.options.store.saveRun(done);
    return done;
  }

  private finding(target: DrillTarget, runId: string, at: number, expectedId?: string): Finding {
    const finding = drillFinding(target, { runId, at }, { account: this.options.account, region: this.options.region });
    // The id depends on detection, run and time only, never on the title: a Close names the finding the Create did.
    if (expectedId !== undefined && finding.id !== expectedId)
      throw new DrillError(`the drill finding of ${target.id} in run ${runId} is not the one started`);
    return finding;
  }

  private async row(run: DrillRunRecord, item: DrillItem, receipt: DrillReceipt | undefined, options: VerifyOptions): Promise<DrillRow> {
    const base = { detection: item.detection, findingId: item.findingId, closed: { opsgenie: 'n/a' as const, siem: false } };
    if (!receipt) {
      const problem = 'no receipt from the alert router (the finding was not routed, or not yet)';
      return { ...base, opsgenie: 'no receipt', siem: 'no receipt', verdict: 'fail', problems: [problem] };
    }
    const problems: string[] = [];
    const opsgenie = await this.opsgenieColumn(item, receipt, options, problems);
    const siem = siemColumn(receipt, options.evidence, problems);
    return {
      ...base,
      opsgenie,
      siem,
      latencyMs: Math.max(0, receipt.routedAt - run.startedAt),
      verdict: problems.length === 0 ? 'pass' : 'fail',
      problems,
    };
  }

  private async opsgenieColumn(item: DrillItem, receipt: DrillReceipt, options: VerifyOptions, problems: string[]): Promise<string> {
    const { outcome, reason, requestId } = receipt.opsgenie;
    if (!item.pages) {
      if (outcome === 'none') return `not paged (${item.severity})`;
      problems.push(`OpsGenie: a ${item.severity} finding should not page here, but the router sent ${outcome}`);
      return `unexpected ${outcome}`;
    }
    if (outcome !== 'sent') {
      problems.push(`OpsGenie: ${outcome}${reason === undefined ? '' : ` (${reason})`}`);
      return outcome === 'none' ? 'not paged' : outcome;
    }
    if (receipt.alias !== undefined && options.evidence && !options.evidence.opsgenieCreated(receipt.alias)) {
      problems.push('OpsGenie: the stand-in captured no create for the alias');
      return 'not captured';
    }
    if (requestId === undefined) {
      problems.push('OpsGenie: accepted without a requestId, so its outcome cannot be checked');
      return 'accepted (no requestId)';
    }
    let status: OpsGenieRequestStatus;
    try {
      status = await this.options.opsgenie.getRequestStatus(requestId, options);
      for (let poll = 0; status.state === 'pending' && poll < (options.polls ?? 0); poll += 1) {
        await this.sleep(options.pollIntervalMs ?? 2000);
        status = await this.options.opsgenie.getRequestStatus(requestId, options);
      }
    } catch (error) {
      problems.push(`OpsGenie request status: ${(error as Error).message}`);
      return 'status unknown';
    }
    if (status.state === 'pending') {
      problems.push(`OpsGenie: request ${requestId} still pending`);
      return 'pending';
    }
    if (!status.success) {
      problems.push(`OpsGenie: request ${requestId} failed${status.status === undefined ? '' : `: ${status.status}`}`);
      return 'failed';
    }
    return status.status === undefined ? 'processed' : status.status.toLowerCase();
  }
}

function siemColumn(receipt: DrillReceipt, evidence: DrillEvidence | undefined, problems: string[]): string {
  const { outcome, reason, acknowledged } = receipt.siem;
  if (outcome !== 'sent') {
    problems.push(`SIEM: ${outcome}${reason === undefined ? '' : ` (${reason})`}`);
    return outcome;
  }
  if (evidence && !evidence.siemRecorded(receipt.findingId)) {
    problems.push('SIEM: the stand-in captured no Detection Finding for the finding');
    return 'not captured';
  }
  return acknowledged ? 'indexed (ack)' : 'accepted';
}
