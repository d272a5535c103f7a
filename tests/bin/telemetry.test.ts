import { telemetryCommand } from '../../bin/commands/telemetry';
import { telemetrySpecJson } from '../../events/telemetry';

/** Runs the command in-process, capturing what it writes. */
async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await telemetryCommand.run(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

test('vigil telemetry spec --json prints the spec as JSON', async () => {
  const { code, stdout } = await run(['spec', '--json']);
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toEqual(telemetrySpecJson());
});

test('vigil telemetry spec prints it for reading', async () => {
  const { code, stdout } = await run(['spec']);
  expect(code).toBe(0);
  expect(stdout).toContain('app_crash v2 (crash)');
  expect(stdout).toContain('  when: ');
});

test('bad usage: exit 2 with the usage', async () => {
  for (const argv of [[], ['specs'], ['spec', '--yaml']]) {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: vigil telemetry spec [--json]');
  }
});
