import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { runReplay } from '../../infra/local/runtime/replayRun';
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';

/** SIGINT/SIGTERM (the CLI aborts the signal): the replay stops reading, writes what it has and says it was interrupted. */
test('an interrupted replay writes its outputs, its summary marked interrupted, outbox.jsonl included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-interrupted-'));
  const input = join(dir, 'capture.jsonl');
  const events = Array.from({ length: 20 }, (_, i) =>
    cloudTrailEvent(
      { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: `t${i}` } },
      { id: `e${i}` },
    ),
  );
  writeFileSync(input, events.map((e) => JSON.stringify(e)).join('\n'));
  const interrupt = new AbortController();
  interrupt.abort();
  const summary = await runReplay({ inputs: [input], outDir: join(dir, 'out'), config: parseLocalConfig({}), signal: interrupt.signal });
  expect(summary.interrupted).toEqual({ pending: 0 });
  expect(summary.events.read).toBeLessThan(events.length);
  const written = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as typeof summary;
  expect(written.interrupted).toEqual({ pending: 0 });
  expect(written.outbox).toEqual({ opsgenie: 0, siem: 0 });
  expect(readFileSync(join(dir, 'out', 'outbox.jsonl'), 'utf8')).toBe('');

  // Not interrupted: no mark, and the findings are delivered. (A second runtime in one Jest process needs
  // fresh handler modules, as every test that starts two does.)
  jest.resetModules();
  const whole = await runReplay({ inputs: [input], outDir: join(dir, 'out2'), config: parseLocalConfig({}) });
  expect(whole.interrupted).toBeUndefined();
  expect(whole.events.read).toBe(events.length);
  expect(whole.findings).toBeGreaterThan(0);
  expect(whole.outbox).toEqual({ opsgenie: 0, siem: 0 });
}, 120_000);
