/** One sub-command of the `vigil` CLI. `run` returns the exit code; it writes to stdout/stderr itself. */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}
