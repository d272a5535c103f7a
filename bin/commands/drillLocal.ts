import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { version } from '../../package.json';
import { localClientConfig } from '../../infra/local/awsClients';
import { opsGenieCapture, startCaptureEndpoint, type CapturedRequest } from '../../infra/local/captureEndpoint';
import { startHecStandIn, type IndexedEvent } from '../../infra/local/hecStandIn';
import { OpsGenieStandIn } from '../../infra/local/opsgenieStandIn';
import { EmbeddedRuntime } from '../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig, type LocalConfig } from '../../infra/local/runtime/localConfig';
import { OpsGenieClient } from '../../shared/alerts/opsgenie/client';
import { createSiemSink } from '../../shared/alerts/sinks/createSiemSink';
import {
  AlertDrill,
  DynamoDrillStore,
  drillReport,
  drillTargets,
  severityOverrides,
  type DrillEvidence,
  type DrillReport,
} from '../../shared/drill';
import { FindingPublisher } from '../../shared/findings/FindingPublisher';

/** The local stand-ins' credentials: loopback only, not secrets. */
const STAND_IN_KEY = 'vigil-drill-local-key';
const STAND_IN_TOKEN = '00000000-0000-4000-8000-00000000d811';

export interface LocalDrillOptions {
  /** Detection ids; every detection when absent. */
  detections?: readonly string[];
  /** The local configuration (`--config`); its real OpsGenie or SIEM, when set, is drilled instead of a stand-in. */
  config?: LocalConfig;
}

export interface LocalDrillResult {
  report: DrillReport;
  /** What the stand-ins hold afterwards (absent for a sink drilled for real), for tests and the curious. */
  standIns: { opsgenie?: OpsGenieStandIn; opsgenieRequests: CapturedRequest[]; siemEvents: IndexedEvent[] };
}

/**
 * `vigil drill` with no stage: the whole pipeline on the embedded runtime (nothing to configure, no AWS),
 * the drill findings put on its bus so the real alert-router function routes them, with an OpsGenie
 * stand-in (alert store, request-status API) and a Splunk HEC stand-in with indexer acknowledgement on:
 * the drill verifies through the same APIs as in a stage, and against the requests the stand-ins captured.
 */
export async function runLocalDrill(options: LocalDrillOptions = {}): Promise<LocalDrillResult> {
  const base = options.config ?? parseLocalConfig({});
  const targets = drillTargets(options.detections, severityOverrides(base.detectionOverrides));
  const closers: Array<() => Promise<void>> = [];
  try {
    const opsgenieRequests: CapturedRequest[] = [];
    let opsgenie = base.opsgenie;
    let standIn: OpsGenieStandIn | undefined;
    if (opsgenie === undefined) {
      standIn = new OpsGenieStandIn({ apiKey: STAND_IN_KEY });
      const endpoint = await startCaptureEndpoint({
        nominalBaseUrl: 'https://api.opsgenie.com',
        serve: opsGenieCapture(standIn),
        record: (request) => opsgenieRequests.push(request),
      });
      closers.push(() => endpoint.close());
      opsgenie = { baseUrl: endpoint.endpoint, apiKey: STAND_IN_KEY, flavour: 'opsgenie' };
    }
    let siem = base.siem;
    let hecEvents: IndexedEvent[] | undefined;
    if (siem === undefined) {
      const hec = await startHecStandIn({ token: STAND_IN_TOKEN, ack: true });
      closers.push(() => hec.close());
      hecEvents = hec.standIn.events;
      siem = { hecUrl: hec.endpoint, token: STAND_IN_TOKEN, kind: 'splunk-hec', ack: true, index: '' };
    }
    const config: LocalConfig = { ...base, opsgenie, siem };
    const runtime = await EmbeddedRuntime.start({ config });
    closers.push(() => runtime.close());

    const { endpoints, tables } = runtime.localAws;
    const eventBridge = new EventBridgeClient(localClientConfig(endpoints.eventBridge, config.region));
    const ddbClient = new DynamoDBClient(localClientConfig(endpoints.dynamodb, config.region));
    closers.push(async () => {
      eventBridge.destroy();
      ddbClient.destroy();
    });
    const drill = new AlertDrill({
      stage: config.stage,
      account: config.account,
      region: config.region,
      pageAtOrAbove: config.pageAtOrAbove,
      productVersion: version,
      publisher: new FindingPublisher({ eventBridge, busName: runtime.busName }),
      store: new DynamoDrillStore(DynamoDBDocumentClient.from(ddbClient), tables.Outbox),
      opsgenie: new OpsGenieClient({ apiKey: opsgenie.apiKey, baseUrl: opsgenie.baseUrl, flavour: opsgenie.flavour }),
      siem: createSiemSink({
        kind: siem.kind,
        url: siem.hecUrl,
        token: siem.token,
        ack: siem.ack,
        ...(siem.index ? { index: siem.index } : {}),
      }),
      ...(config.routing.runbookBaseUrl === undefined ? {} : { runbookBaseUrl: config.routing.runbookBaseUrl }),
    });

    const run = await drill.start(targets, Date.now());
    // The router runs on the runtime's bus delivery; drain() returns once every invocation it caused is done.
    await runtime.drain();
    const evidence = hecEvents === undefined && standIn === undefined ? undefined : capturedEvidence(opsgenieRequests, standIn, hecEvents);
    const rows = await drill.close(run, await drill.verify(run, { polls: 2, pollIntervalMs: 200, ...(evidence ? { evidence } : {}) }));
    const done = await drill.finish(run, rows, Date.now());
    return {
      report: drillReport(done, rows),
      standIns: { ...(standIn ? { opsgenie: standIn } : {}), opsgenieRequests, siemEvents: hecEvents ?? [] },
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

/**
 * The stand-ins' captured requests as evidence: a create with the alias that OpsGenie accepted, a
 * Detection Finding (Create) with the finding id that HEC indexed. A sink drilled for real has none.
 */
function capturedEvidence(
  opsgenieRequests: readonly CapturedRequest[],
  standIn: OpsGenieStandIn | undefined,
  hecEvents: readonly IndexedEvent[] | undefined,
): DrillEvidence {
  return {
    opsgenieCreated: (alias) =>
      standIn === undefined ||
      opsgenieRequests.some((r) => r.method === 'POST' && /\/v2\/alerts$/.test(r.url) && (r.body as { alias?: unknown })?.alias === alias),
    siemRecorded: (findingId) =>
      hecEvents === undefined ||
      hecEvents.some((e) => {
        const record = e.envelope.event as { finding_info?: { uid?: unknown }; activity_id?: unknown } | undefined;
        return record?.finding_info?.uid === findingId && record.activity_id === 1;
      }),
  };
}
