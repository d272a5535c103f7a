import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drillCommand } from '../../../bin/commands/drill';
import { opsGenieCapture, startCaptureEndpoint } from '../../../infra/local/captureEndpoint';
import { OpsGenieStandIn } from '../../../infra/local/opsgenieStandIn';

/** A drill that cannot page: `vigil drill --config` with an OpsGenie that refuses the key (one runtime per file: vigilDrill.test.ts). */

const dir = mkdtempSync(join(tmpdir(), 'vigil-drill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a drill whose OpsGenie refuses the key fails: the JSON names it and the command exits 1', async () => {
  const standIn = new OpsGenieStandIn({ apiKey: 'the-right-key' });
  const endpoint = await startCaptureEndpoint({
    nominalBaseUrl: 'https://api.opsgenie.com',
    serve: opsGenieCapture(standIn),
    record: () => undefined,
  });
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  try {
    const config = join(dir, 'vigil.local.json');
    writeFileSync(config, JSON.stringify({ opsgenie: { baseUrl: endpoint.endpoint, apiKey: 'a-wrong-key' } }));
    const code = await drillCommand.run([
      '--detection',
      'root-console-login',
      '--detection',
      'guardduty-finding',
      '--json',
      '--config',
      config,
    ]);
    write.mockRestore();
    expect(code).toBe(1);
    const report = JSON.parse(out.join(''));
    expect(report).toMatchObject({ verdict: 'fail', passed: 1, failed: 1 });
    expect(report.rows[0]).toMatchObject({ detection: 'root-console-login', opsgenie: 'failed', verdict: 'fail' });
    expect(report.rows[0].problems.join()).toMatch(/OpsGenie: failed/);
    // A detection that does not page has nothing to do with OpsGenie: it still passes.
    expect(report.rows[1]).toMatchObject({ detection: 'guardduty-finding', verdict: 'pass' });
    expect(standIn.alerts).toEqual([]);
  } finally {
    write.mockRestore();
    await endpoint.close();
  }
});
