import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Two embedded runtimes, one after the other, in one Node process (as `npm run bench` runs them): the
 * second's functions read the second's secrets, like a Lambda's cold start, not what the first one's
 * functions cached (Powertools Parameters keeps its providers and values in module state; handlerModule.ts
 * loads it afresh). A process of its own: jest's module registry keeps other state across runtimes.
 */
test('a second runtime in the same process pages with its own OpsGenie key', async () => {
  const script = join(__dirname, 'fixtures', 'twoRuntimes.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', script], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 60_000,
  });
  expect(JSON.parse(stdout)).toEqual({ firstAlerts: 1, secondAlerts: 1, outbox: [], deadLetters: 0 });
}, 90_000);
