import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../../infra/local/awsClients';
import type { CapturedRequest } from '../../../infra/local/captureEndpoint';
import { EmbeddedRuntime } from '../../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';
import { DynamoDrillStore } from '../../../shared/drill';

/**
 * The scheduled drill (functions/alert-drill) on the embedded runtime, on event time: a firing starts a
 * drill, the router routes it after that invocation, the next firing verifies, closes and records it.
 * One runtime per file (Powertools' secret cache outlives a runtime).
 */

const T0 = Date.parse('2026-11-30T09:10:00Z');
const hours = (n: number) => new Date(T0 + n * 3_600_000);

test('starts weekly, finishes an hour later: verified, closed and recorded; nothing is counted as a finding', async () => {
  const captured: Array<{ sink: string; request: CapturedRequest }> = [];
  const runtime = await EmbeddedRuntime.start({
    config: parseLocalConfig({ drill: { enabled: true, everyHours: 168, detections: ['root-console-login', 'guardduty-finding'] } }),
    onDelivery: (sink, request) => captured.push({ sink, request }),
  });
  const ddb = new DynamoDBClient(localClientConfig(runtime.localAws.endpoints.dynamodb));
  try {
    const store = new DynamoDrillStore(DynamoDBDocumentClient.from(ddb), runtime.localAws.tables.Outbox);
    await runtime.tick(hours(0));
    await runtime.tick(hours(1));
    const started = await store.latestRun();
    expect(started).toMatchObject({ items: [{ detection: 'root-console-login' }, { detection: 'guardduty-finding' }] });
    expect(started!.verdict).toBeUndefined();
    // The router routed both findings after the drill's invocation: one page, two SIEM records.
    const creates = captured.filter((c) => c.sink === 'opsgenie' && c.request.url.endsWith('/v2/alerts'));
    expect(creates.map((c) => (c.request.body as { tags: string[] }).tags)).toEqual([expect.arrayContaining(['drill'])]);

    await runtime.tick(hours(2));
    const done = await store.latestRun();
    expect(done).toMatchObject({ runId: started!.runId, verdict: 'pass' });
    expect(done!.rows!.map((r) => [r.detection, r.verdict, r.closed.siem])).toEqual([
      ['root-console-login', 'pass', true],
      ['guardduty-finding', 'pass', true],
    ]);
    expect(runtime.opsGenieStandIn!.alerts.map((a) => a.status)).toEqual(['closed']);

    // Not due again for a week: the next firings start nothing; a week on, a new run starts.
    await runtime.tick(hours(30));
    expect((await store.latestRun())!.runId).toBe(started!.runId);
    await runtime.tick(hours(170));
    expect((await store.latestRun())!.runId).not.toBe(started!.runId);
    // Drill findings never reach the Findings table: no summary or report counts them.
    const findings = [];
    for await (const f of runtime.findings()) findings.push(f);
    expect(findings).toEqual([]);
  } finally {
    ddb.destroy();
    await runtime.close();
  }
});
