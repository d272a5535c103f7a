import type { Command } from '../../bin/commands/types';

/** What a `vigil` sub-command did when run in-process: its exit code and what it wrote. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a sub-command in-process, capturing everything it writes to stdout and stderr. */
export async function runCommand(command: Command, argv: readonly string[]): Promise<CommandRun> {
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
    return { code: await command.run([...argv]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
