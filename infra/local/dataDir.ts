import fs from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * A local data directory (`vigil replay --data-dir DIR`): what the embedded runtime keeps between
 * runs. Vigil writes its own entries only, and a marker that says the directory is Vigil's, so a
 * directory of something else (random files, another program's LevelDB) is refused with the reason
 * before anything is written into it, instead of being mixed with Vigil's state.
 */

/** The marker Vigil writes into a data directory it creates or adopts. */
export const DATA_DIR_MARKER = 'vigil-data-dir.json';
const MARKER_CONTENT = { vigil: 'data-dir', format: 1 } as const;

/** What Vigil keeps in a data directory. */
export const DATA_DIR_ENTRIES = {
  /** dynalite's LevelDB (every table). */
  dynamodb: 'dynamodb',
  /** The embedded KMS's key material (mode 0600). */
  kmsKeys: 'kms-keys.json',
  /** The OpsGenie stand-in's alerts and request outcomes: OpsGenie remembers them between runs too. */
  opsgenie: 'opsgenie-stand-in.json',
  /** Held by the replay that uses the directory (its pid). */
  replayLock: 'replay.lock',
} as const;

const KNOWN = new Set<string>([DATA_DIR_MARKER, ...Object.values(DATA_DIR_ENTRIES)]);

/** The data directory cannot be used: the message says why, for the command line (exit 1). */
export class DataDirError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DataDirError';
  }
}

export interface DataDirLayout {
  root: string;
  dynamodb: string;
  kmsKeys: string;
  opsgenie: string;
}

/** fs's "EACCES: permission denied, scandir '/x'" without the path (the message names it already). */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, [a-z]+ '.*'$/s, '');
}

/**
 * Opens (creating it if needed) a data directory: refuses a path that is not a directory, one that
 * cannot be read or written, and one that holds something other than Vigil's entries; writes the
 * marker into a new directory, or into one an earlier Vigil wrote before markers existed.
 * @throws DataDirError
 */
export function prepareDataDir(root: string): DataDirLayout {
  const layout = {
    root,
    dynamodb: join(root, DATA_DIR_ENTRIES.dynamodb),
    kmsKeys: join(root, DATA_DIR_ENTRIES.kmsKeys),
    opsgenie: join(root, DATA_DIR_ENTRIES.opsgenie),
  };
  const where = `data dir "${root}"`;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new DataDirError(`cannot open the ${where}: ${reason(error)}`, { cause: error });
  }
  if (stat && !stat.isDirectory()) throw new DataDirError(`the ${where} is a file, not a directory`);
  if (!stat) {
    try {
      makeDirectory(root);
    } catch (error) {
      throw new DataDirError(`cannot create the ${where}: ${reason(error)}`, { cause: error });
    }
  }
  let entries: fs.Dirent[];
  try {
    fs.accessSync(root, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (error) {
    throw new DataDirError(`cannot use the ${where}: ${reason(error)}`, { cause: error });
  }

  const names = entries.map((e) => e.name);
  if (names.includes(DATA_DIR_MARKER)) {
    checkMarker(join(root, DATA_DIR_MARKER), where);
  } else {
    const foreign = names.filter((name) => !KNOWN.has(name) && !name.startsWith('.')).sort();
    if (foreign.length > 0) {
      const shown = `${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? `, ... (${foreign.length} in all)` : ''}`;
      // Every LevelDB database has CURRENT naming its MANIFEST-<n>.
      const leveldb = foreign.includes('CURRENT') && foreign.some((n) => /^MANIFEST-\d+$/.test(n));
      const what = leveldb ? "another program's LevelDB database" : 'files Vigil did not write';
      throw new DataDirError(
        `the ${where} is not a Vigil data directory: it holds ${what} (${shown}). ` +
          'Give a new or empty directory, or one an earlier vigil replay wrote.',
      );
    }
  }
  const dynamodb = entries.find((e) => e.name === DATA_DIR_ENTRIES.dynamodb);
  if (dynamodb && !dynamodb.isDirectory()) throw new DataDirError(`the ${where} is corrupt: ${layout.dynamodb} is not a directory`);
  const kms = entries.find((e) => e.name === DATA_DIR_ENTRIES.kmsKeys);
  if (kms && !kms.isFile()) throw new DataDirError(`the ${where} is corrupt: ${layout.kmsKeys} is not a file`);
  const opsgenie = entries.find((e) => e.name === DATA_DIR_ENTRIES.opsgenie);
  if (opsgenie && !opsgenie.isFile()) throw new DataDirError(`the ${where} is corrupt: ${layout.opsgenie} is not a file`);
  if (!names.includes(DATA_DIR_MARKER)) {
    try {
      fs.writeFileSync(join(root, DATA_DIR_MARKER), `${JSON.stringify(MARKER_CONTENT)}\n`, { flag: 'wx' });
    } catch (error) {
      // Written meanwhile by another run: checked by it, or by the next one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new DataDirError(`cannot write to the ${where}: ${reason(error)}`, { cause: error });
    }
  }
  return layout;
}

/**
 * mkdir -p. Not mkdirSync's `recursive`: on Node 20 it loops for ever where a parent exists but
 * refuses entries (under /proc, say).
 */
export function makeDirectory(path: string): void {
  try {
    fs.mkdirSync(path);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
  }
  makeDirectory(dirname(path));
  fs.mkdirSync(path);
}

function checkMarker(file: string, where: string): void {
  let marker: unknown;
  try {
    marker = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataDirError(`the ${where} is corrupt: ${DATA_DIR_MARKER} ${code ? `cannot be read (${reason(error)})` : 'is not JSON'}`, {
      cause: error,
    });
  }
  const m = marker as { vigil?: unknown; format?: unknown } | null;
  if (m?.vigil !== MARKER_CONTENT.vigil) throw new DataDirError(`the ${where} is corrupt: ${DATA_DIR_MARKER} is not Vigil's marker`);
  if (m.format !== MARKER_CONTENT.format) {
    throw new DataDirError(
      `the ${where} was written in data-dir format ${JSON.stringify(m.format)}; this vigil reads format ${MARKER_CONTENT.format}`,
    );
  }
}
