import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The repository root, for the CLI and its samples. */
export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'vigil.js');
const execFileAsync = promisify(execFile);

/** The CLI's environment as a new user's shell gives it, with dummy credentials for the embedded AWS endpoints. */
const ENV = {
  ...process.env,
  CI: 'true',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** What one `vigil` process did: its exit status (-1 when it did not exit by itself) and what it wrote. */
export interface VigilRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/vigil.js ...args` as its own process, as a user runs it. */
export async function vigil(...args: string[]): Promise<VigilRun> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], {
      env: ENV,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
