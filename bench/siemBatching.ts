import { startHecStandIn } from '../infra/local/hecStandIn';
import { SplunkHecSink, toOcsfDetectionFinding, type OcsfDetectionFinding } from '../shared/alerts';
import type { Finding } from '../shared/findings';
import type { Figure } from './harness';

const FINDINGS = 2_000;
const TOKEN = '0b7d4c1e-2f3a-4b5c-8d9e-a1b2c3d4e5f6';

/** 2,000 distinct findings of several detections, subjects and sizes (the record size decides the batch size). */
function records(): OcsfDetectionFinding[] {
  return Array.from({ length: FINDINGS }, (_, i) => {
    const finding: Finding = {
      id: i.toString(16).padStart(32, '0'),
      detection: ['cloudtrail-stopped-or-deleted', 'console-password-spray', 's3-getobject-volume-spike'][i % 3]!,
      severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4]!,
      title: `Bench finding ${i}`,
      description: 'A finding of the SIEM batching benchmark.'.repeat(1 + (i % 4)),
      subject: i % 2 === 0 ? `arn:aws:iam::111122223333:role/bench-${i % 50}` : `203.0.113.${i % 250}`,
      dedupKey: `bench-${i}`,
      window: { start: '2026-10-09T07:55:00.000Z', end: '2026-10-09T08:00:00.000Z' },
      firstSeen: '2026-10-09T07:57:09.000Z',
      lastSeen: '2026-10-09T07:58:41.250Z',
      count: 1 + (i % 7),
      eventIds: Array.from({ length: 1 + (i % 5) }, (_, k) => `bench-event-${i}-${k}`),
      mitre: ['T1562.008'],
      runbook: 'docs/runbooks/cloudtrail-stopped-or-deleted.md',
      source: 'aws.cloudtrail',
      account: '111122223333',
      region: 'eu-west-1',
      resources: [`arn:aws:cloudtrail:eu-west-1:111122223333:trail/t${i % 20}`],
      evidence: { eventName: 'StopLogging', sourceIPAddress: '203.0.113.99', readOnly: false },
    };
    return toOcsfDetectionFinding(finding, { productVersion: '0.0.0-bench', stage: 'bench' });
  });
}

/**
 * SIEM records per HEC request under load: a backlog of 2,000 findings' Detection Findings (what the outbox
 * drain or a burst hands the sink at once) sent through the real SplunkHecSink, with indexer
 * acknowledgement, to the HEC stand-in with Splunk Cloud's 1 MB request cap. A count, not a time, so it
 * needs no baseline; the note says what the same records cost when handed over one finding at a time.
 */
export async function siemBatchingFigures(): Promise<{ figures: Figure[]; notes: string[] }> {
  const hec = await startHecStandIn({ token: TOKEN, ack: true, maxContentLength: 1_000_000 });
  try {
    const input = records();
    const sink = new SplunkHecSink({ url: hec.endpoint, token: TOKEN, index: 'security', ack: true });
    const { delivered } = await sink.deliver(input);
    if (delivered !== input.length || hec.standIn.events.length !== input.length) {
      throw new Error(`SIEM batching bench: ${delivered} delivered, ${hec.standIn.events.length} indexed, of ${input.length}`);
    }
    const backlogRequests = hec.standIn.eventRequests;
    const bytes = input.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);

    const perFinding = input.slice(0, 100);
    for (const record of perFinding) await sink.deliver([record]);
    const perFindingRequests = hec.standIn.eventRequests - backlogRequests;

    return {
      figures: [
        {
          name: `SIEM records per HEC request under load (a backlog of ${FINDINGS} findings, 1 MB request cap, indexer ack on)`,
          value: Math.round((input.length / backlogRequests) * 10) / 10,
          unit: 'records/request',
          baseline: 'none: a count (HEC event POSTs the stand-in received)',
          target: { op: '>=', value: 100 },
        },
      ],
      notes: [
        `SIEM batching: ${input.length} records (${Math.round(bytes / input.length)} bytes each on average) in ${backlogRequests} ` +
          `HEC requests, ${hec.standIn.ackPolls} ack polls; handed over one finding at a time (the router's forward), ` +
          `${perFinding.length} records took ${perFindingRequests} requests.`,
      ],
    };
  } finally {
    await hec.close();
  }
}

/** `npx tsx bench/siemBatching.ts`: this case alone. */
if (require.main === module) {
  siemBatchingFigures().then(
    ({ figures, notes }) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n${notes.join('\n')}\n`),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
