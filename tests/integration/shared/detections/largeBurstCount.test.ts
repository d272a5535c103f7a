import {
  DETECTIONS,
  DetectionEngine,
  InMemoryDetectionStateStore,
  SecurityDetector,
  StatefulEngine,
  type CloudTrailEnvelope,
} from '../../../../shared/detections';
import { FindingStore, type FindingPublisher } from '../../../../shared/findings';
import { startFindingsTable } from '../../../helpers/findingsTable';
import { consoleLogin } from '../../../shared/detections/consoleLoginEvents';

/**
 * A burst of more failures than the 100 event ids a finding keeps: every batch re-reads the whole
 * window, yet each failure counts once, however the failures are batched and redelivered.
 */
let table: Awaited<ReturnType<typeof startFindingsTable>>;

beforeAll(async () => {
  table = await startFindingsTable('findings-burst');
});

afterAll(() => table.close());

test('151 failed sign-ins of one user, in batches of 20, each batch delivered twice: one finding counting 151', async () => {
  const publisher = { publish: async () => undefined } as unknown as FindingPublisher;
  const engine = new DetectionEngine(DETECTIONS);
  const store = new FindingStore(table.ddb, 'findings-burst');
  const stateful = new StatefulEngine(engine, new InMemoryDetectionStateStore(), { now: () => Date.parse('2026-11-20T00:00:00Z') });
  const detector = new SecurityDetector(engine, store, publisher, stateful);

  // One failure every 3 s from 10:00:00: all 151 within 10:00-10:07:30, one dedup window (10:00-11:00).
  const failures: CloudTrailEnvelope[] = Array.from({ length: 151 }, (_, i) => {
    const at = new Date(Date.parse('2026-11-20T10:00:00Z') + i * 3000).toISOString().replace('.000Z', 'Z');
    return consoleLogin('Failure', at, `burst-${i}`);
  });
  for (let i = 0; i < failures.length; i += 20) {
    const batch = failures.slice(i, i + 20);
    await detector.processBatch(batch);
    await detector.processBatch([...batch].reverse());
  }

  const findings = [];
  for await (const finding of store.scan()) findings.push(finding);
  expect(findings.map((f) => [f.detection, f.count, f.eventIds.length])).toEqual([['console-bruteforce-per-user', 151, 100]]);
});
