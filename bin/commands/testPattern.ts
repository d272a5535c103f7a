import { readFile } from 'node:fs/promises';
import { compilePattern, InvalidEventPatternError, matchesPattern } from '../../shared/eventPattern';
import type { CompiledPattern } from '../../shared/eventPattern';
import type { Command } from './types';

const USAGE = `usage: vigil test-pattern <vectors.json | vectors.jsonl | ->

Evaluates EventBridge event patterns the way EventBridge does (event-ruler semantics).

The input is a JSON array of vectors, or JSON Lines with one vector per line ("-" reads stdin).
A vector is {"id", "pattern", "event"}; any expected result it carries ("match", "invalid") is ignored.
One JSON line is printed per vector, in input order:
  {"id": ..., "match": true|false}
  {"id": ..., "invalid": true, "error": "<reason>"}    when the pattern is not a valid event pattern

Exit codes: 0 done, 2 unusable input (missing or unreadable file, not JSON, not an array of vectors).
`;

interface Vector {
  readonly id: unknown;
  readonly pattern: unknown;
  readonly event: unknown;
}

type VectorResult = { id: unknown; match: boolean } | { id: unknown; invalid: true; error: string };

/** Input problems: reported on stderr with exit code 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const testPatternCommand: Command = {
  summary: 'evaluate event-pattern test vectors (JSON array or JSON Lines)',

  async run(argv: string[]): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    try {
      const file = parseArguments(argv);
      const vectors = parseVectors(await readInput(file), file);
      for (const vector of vectors) {
        process.stdout.write(`${JSON.stringify(evaluate(vector))}\n`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`vigil test-pattern: ${error.message}\n`);
      return 2;
    }
  },
};

function parseArguments(argv: readonly string[]): string {
  const unknownOption = argv.find((arg) => arg.startsWith('-') && arg !== '-');
  if (unknownOption !== undefined) throw new UsageError(`unknown option "${unknownOption}"\n\n${USAGE}`);
  if (argv.length !== 1) throw new UsageError(`expected exactly one vectors file\n\n${USAGE}`);
  return argv[0]!;
}

async function readInput(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a directory, not a vectors file`);
    throw new UsageError(`${file}: cannot be read (${(error as Error).message})`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON array of vectors, or JSON Lines (a one-line file holding one vector object counts as JSON Lines). */
function parseVectors(text: string, file: string): Vector[] {
  const content = text.replace(/^\uFEFF/, '');
  if (content.trim() === '') throw new UsageError(`${file}: is empty, expected a JSON array of vectors or JSON Lines`);

  let records: unknown[];
  if (content.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (error) {
      throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new UsageError(`${file}: not a JSON array`);
    records = parsed;
  } else {
    records = parseJsonLines(content, file);
  }
  return records.map((record, position) => toVector(record, position, file));
}

function parseJsonLines(content: string, file: string): unknown[] {
  const records: unknown[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      if (parsesAsJson(content)) throw new UsageError(`${file}: not a JSON array (nor JSON Lines)`);
      throw new UsageError(`${file}: not valid JSON or JSON Lines: line ${i + 1}: ${(error as Error).message}`);
    }
  }
  if (records.length === 1 && (typeof records[0] !== 'object' || records[0] === null)) {
    throw new UsageError(`${file}: not a JSON array`);
  }
  return records;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function toVector(record: unknown, position: number, file: string): Vector {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new UsageError(`${file}: vector ${position + 1} is not an object`);
  }
  if (!('pattern' in record)) throw new UsageError(`${file}: vector ${position + 1} has no "pattern"`);
  const { id, pattern, event } = record as Record<string, unknown>;
  return { id: id ?? null, pattern, event };
}

function evaluate(vector: Vector): VectorResult {
  let compiled: CompiledPattern;
  try {
    compiled = compilePattern(vector.pattern);
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    return { id: vector.id, invalid: true, error: error.message };
  }
  return { id: vector.id, match: matchesPattern(compiled, vector.event) };
}
