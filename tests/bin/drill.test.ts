import { drillCommand } from '../../bin/commands/drill';

/** `vigil drill`'s usage: refused before anything starts (no runtime, no port). */

async function run(argv: string[]) {
  const err: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  try {
    return { code: await drillCommand.run(argv), err: err.join('') };
  } finally {
    spy.mockRestore();
  }
}

test.each([
  [[], 'say which detections'],
  [['--all', '--detection', 'root-console-login'], 'exclude each other'],
  [['--all', '--stage', 'prod'], '--stage and --region go together'],
  [['--all', '--stage', 'prod', '--region', 'eu-west-1', '--config', 'x.json'], '--config is for a local drill'],
  [['--all', '--stage', 'prod', '--region', 'eu-west-1', '--wait', '0'], '--wait takes'],
  [['--bogus'], 'Unknown option'],
])('%j is bad usage (exit 2)', async (argv, message) => {
  const { code, err } = await run(argv);
  expect(code).toBe(2);
  expect(err).toContain(message);
});

test('an unknown detection is refused with exit code 1, before anything starts', async () => {
  const { code, err } = await run(['--detection', 'root-console-logins']);
  expect(code).toBe(1);
  expect(err).toContain('no detection "root-console-logins" (did you mean root-console-login?)');
});
