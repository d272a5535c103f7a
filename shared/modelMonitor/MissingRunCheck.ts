import { runbookFor } from '../detections/definition';
import type { ConfiguredRelay } from '../detections/relayed';
import type { FindingPublisher } from '../findings/FindingPublisher';
import { FindingRecorder } from '../findings/FindingRecorder';
import type { FindingStore } from '../findings/FindingStore';
import type { Occurrence } from '../findings/occurrence';
import type { RetryDeadline } from '../retry';
import type { JobFailedParams } from './detections';
import type { RunLog } from './RunLog';

/** How far back the check looks for windows without a run: a missed day is still raised the day after. */
export const MISSING_RUN_LOOKBACK_MINUTES = 2 * 24 * 60;

export interface MissingRunCheckOptions {
  readonly detection: ConfiguredRelay<JobFailedParams>;
  readonly runs: RunLog;
  readonly findings: FindingStore;
  readonly publisher: FindingPublisher;
}

/** A window of a schedule that ended without a run. */
export interface MissingRun {
  readonly schedule: string;
  readonly windowEnd: Date;
}

/**
 * The windows of each configured schedule (`schedules` of model-monitor-job-failed) that ended, plus
 * their grace, within the lookback before `now` and have no run: each is an occurrence of
 * model-monitor-job-failed, its event id the schedule and window, so the check run again (every
 * hour, or replayed) records it once. Windows are aligned to the epoch by the period (hourly on the
 * hour, daily at midnight UTC), as Model Monitor's own cron schedules are; a run counts for the
 * window its data window ends in (± half a period: runs start late, by up to 20 minutes). Windows before the
 * schedule's first recorded run are not expected; a run that arrives after its window's grace has
 * been raised as missing (it was late), and is processed as usual.
 */
export class MissingRunCheck {
  constructor(private readonly options: MissingRunCheckOptions) {}

  async missing(now: Date): Promise<MissingRun[]> {
    const { detection, runs } = this.options;
    if (!detection.enabled) return [];
    const out: MissingRun[] = [];
    for (const [schedule, { everyMinutes, graceMinutes }] of Object.entries(detection.params.schedules)) {
      const period = everyMinutes * 60_000;
      const first = await runs.first(schedule);
      if (first === undefined) continue;
      const latest = Math.floor((now.getTime() - graceMinutes * 60_000) / period) * period;
      const earliest = Math.max(now.getTime() - MISSING_RUN_LOOKBACK_MINUTES * 60_000, Date.parse(first.runTime));
      const found = await runs.arrivals(schedule, new Date(earliest - period).toISOString(), new Date(latest + period).toISOString());
      const times = found.map((r) => Date.parse(r.runTime));
      for (let end = latest; end > earliest; end -= period) {
        if (!times.some((t) => Math.abs(t - end) <= period / 2)) out.push({ schedule, windowEnd: new Date(end) });
      }
    }
    return out;
  }

  /** Records (and announces, when they open) the findings of the missing runs; returns how many were missing. */
  async run(now: Date, where: { account: string; region: string }, deadline: RetryDeadline = {}): Promise<number> {
    const missing = await this.missing(now);
    const { detection, findings, publisher } = this.options;
    const recorder = new FindingRecorder(findings, publisher);
    const id = detection.detection.definition.id;
    for (const m of missing) {
      const occurrence: Occurrence = {
        detection: id,
        severity: detection.severity,
        title: `Model Monitor run of ${m.schedule} missing`,
        description: `No run of schedule ${m.schedule} for the window ending ${m.windowEnd.toISOString()} arrived in time`,
        subject: m.schedule,
        dedupKey: `${where.account}:${where.region}:${m.schedule}`,
        windowMinutes: detection.dedupWindowMinutes,
        mitre: [],
        runbook: runbookFor(id),
        source: 'vigil.model-monitor-check',
        account: where.account,
        region: where.region,
        resources: [],
        evidence: { schedule: m.schedule, windowEnd: m.windowEnd.toISOString(), status: 'missing', missing: true },
        eventId: `missing:${m.schedule}:${m.windowEnd.toISOString()}`,
        eventTime: m.windowEnd,
      };
      await recorder.recordOne(occurrence, deadline);
    }
    return missing.length;
  }
}
