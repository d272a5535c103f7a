import { telemetryCommand } from '../../bin/commands/telemetry';
import { telemetrySpecJson } from '../../events/telemetry';
import { runCommand } from '../helpers/runCommand';

/** Runs the command in-process, capturing what it writes. */
const run = (argv: string[]) => runCommand(telemetryCommand, argv);

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
