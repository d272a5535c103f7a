import { configureRelay } from '../../detections/relayed';
import type { DetectionOverrides } from '../../detections/overrides';
import type { DetectionStateStore } from '../../detections/state/DetectionStateStore';
import type { Occurrence } from '../../findings/occurrence';
import type { Finding } from '../../findings/types';
import type { RetryDeadline } from '../../retry';
import type { ExposureCountStore } from '../experiments/ExposureCountStore';
import { experimentObservation } from '../experiments/observations';
import type { FindingRecorder } from '../../findings/FindingRecorder';
import type { BatchOutcome } from '../TelemetryIngest';
import { appDataExportAnomaly, DataExportMonitor, exportObservations } from './dataExport';
import { AppLatencySloMonitor, appLatencySloBurn, type LatencyBucketStore } from './latency';
import type { BatchOrigin } from './origin';
import { type ExposureObservation, experimentSampleRatioMismatch, SampleRatioMonitor } from './sampleRatio';
import { type IngestCountsReader, SchemaRejectionMonitor, telemetrySchemaRejections } from './schemaRejections';

/** One checked telemetry batch and where it came from. */
export interface SignalBatch {
  readonly outcome: BatchOutcome;
  readonly origin: BatchOrigin;
}

export interface AppSignalsOptions {
  /** This stage's detection overrides, validated at cold start (parseDetectionOverrides). */
  overrides: DetectionOverrides;
  counters: IngestCountsReader;
  exposures: ExposureCountStore;
  latency: LatencyBucketStore;
  state: DetectionStateStore;
  findings: FindingRecorder;
  /** The archive's keyed pseudonym of a user id (cached: the archive asked for the same ids). */
  pseudonymOf(userId: string): Promise<string>;
}

export interface AppSignalsOutcome {
  readonly occurrences: number;
  readonly opened: Finding[];
  /** Exports without a signed-in user, left out of every baseline. */
  readonly exportsWithoutUser: number;
}

/**
 * The four detections app-telemetry concludes from an SQS batch's checked telemetry batches, after their ingest
 * counts are added: telemetry-schema-rejections (the counters), experiment-sample-ratio-mismatch (exposures),
 * app-latency-slo-burn (`api_request`) and app-data-export-anomaly (`data_export` events, per user pseudonym). Their
 * occurrences go through the finding store (one finding per incident, announced once); then the export baseline
 * commits its marks. Every step is idempotent, so the batch step may be retried whole.
 */
export class AppSignals {
  private readonly rejections: SchemaRejectionMonitor;
  private readonly sampleRatio: SampleRatioMonitor;
  private readonly latency: AppLatencySloMonitor;
  private readonly exports: DataExportMonitor;

  constructor(private readonly options: AppSignalsOptions) {
    const { overrides } = options;
    this.rejections = new SchemaRejectionMonitor(configureRelay(telemetrySchemaRejections, overrides), options.counters);
    this.sampleRatio = new SampleRatioMonitor(configureRelay(experimentSampleRatioMismatch, overrides), options.exposures);
    this.latency = new AppLatencySloMonitor(configureRelay(appLatencySloBurn, overrides), options.latency);
    this.exports = new DataExportMonitor(configureRelay(appDataExportAnomaly, overrides), options.state);
  }

  async process(batches: readonly SignalBatch[], deadline: RetryDeadline = {}): Promise<AppSignalsOutcome> {
    const occurrences: Occurrence[] = [];
    occurrences.push(...(await this.rejections.evaluate(batches)));
    occurrences.push(...(await this.sampleRatio.observe(await this.exposuresOf(batches))));
    occurrences.push(
      ...(await this.latency.observe(
        batches.map((b) => ({ envelopeId: b.outcome.envelopeId, origin: b.origin, events: b.outcome.accepted })),
      )),
    );
    let exportsWithoutUser = 0;
    const observed = [];
    for (const { outcome, origin } of batches) {
      const found = await exportObservations(outcome.accepted, origin, (id) => this.options.pseudonymOf(id));
      exportsWithoutUser += found.withoutUser;
      observed.push(...found.observations);
    }
    const exports = await this.exports.observe(observed);
    occurrences.push(...exports.occurrences);
    const opened = await this.options.findings.record(occurrences, deadline);
    await exports.commit();
    return { occurrences: occurrences.length, opened, exportsWithoutUser };
  }

  /** The exposures of the batches, each unit named by pseudonym or session id, never by user id. */
  private async exposuresOf(batches: readonly SignalBatch[]): Promise<ExposureObservation[]> {
    const out: ExposureObservation[] = [];
    for (const { outcome, origin } of batches) {
      for (const e of outcome.accepted) {
        if (e.kind !== 'experiment_exposure') continue;
        const userId = e.event.userId;
        const properties = (e.event.properties ?? {}) as Record<string, unknown>;
        const wantsUser = properties.assignmentUnit === 'user' && typeof userId === 'string';
        const observation = experimentObservation({
          eventId: e.eventId,
          name: e.name,
          kind: e.kind,
          timestamp: String(e.event.timestamp),
          release: e.batch.release,
          userPseudonym: wantsUser ? await this.options.pseudonymOf(userId) : undefined,
          sessionId: typeof e.event.sessionId === 'string' ? e.event.sessionId : undefined,
          properties,
        });
        if (observation?.type !== 'exposure' || observation.unit === undefined || Number.isNaN(observation.time)) continue;
        const { experimentKey, unit, variant, time, eventId } = observation;
        out.push({ experimentKey, unit, variant, time, eventId, origin });
      }
    }
    return out;
  }
}
