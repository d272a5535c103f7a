import { COMMANDS } from './commands';

const USAGE = `usage: vigil <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`)
  .join('\n')}

Run "vigil <command> --help" for a command's options.
`;

/** Dispatches to one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`vigil: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command.run(rest);
}
