import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ReplayInputError } from './errors';
import { sniffFile, type ContentKind } from './detectFormat';
import type { ExcludedDir } from './types';

/** One file to read. */
type InputFile = {
  /** As given, or joined onto the directory as given. */
  path: string;
  /** Size on disk (compressed size for .gz). */
  bytes: number;
  gzip: boolean;
  kind: ContentKind;
  /** Start of the text, for the reason when the file is not JSON. */
  sample: string;
  /** For a corrupt gzip: the zlib message. */
  error?: string;
};

type InputPlan = {
  files: InputFile[];
  /** Directory entries left out (not JSON, empty), with why: notes, not errors. */
  skipped: { path: string; reason: string }[];
};

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a file that is not JSON seems to hold, from its first characters (decoded as UTF-8). Never
 * the characters themselves: the file may be a CSV of emails, and reasons go to quarantine.jsonl.
 */
function describeSample(sample: string): string {
  const head = sample.replace(/^[\s\uFEFF]+/, '').slice(0, 512);
  if (head.startsWith('\u001f\uFFFD')) return 'gzip data (compressed twice?)';
  if (head.includes('\u0000')) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL bytes are what tells UTF-16 and binary data apart.
    const utf16 = /^(\uFFFD\uFFFD)?\u0000?[{[]\u0000|^(\uFFFD\uFFFD)?\u0000[{[]/.test(head);
    return utf16 ? 'UTF-16 text (only UTF-8 is read)' : 'binary data';
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what makes a file binary.
  if (/[\u0001-\u0008\u000e-\u001f\uFFFD]/.test(head)) return 'binary data';
  return 'text';
}

/** Why a file is not read as JSON: "not JSON (expected "{" or "[" as the first character, found text)". */
function notJsonReason(sample: string): string {
  return `not JSON (expected "{" or "[" as the first character, found ${describeSample(sample)})`;
}

/**
 * Expands the paths into the list of files to read: files as given (whatever their content: a
 * file given explicitly that is not JSON is quarantined whole, not skipped); directories walked
 * recursively in sorted order (by code unit, the same on every machine), hidden entries (".name")
 * left out, and files that are not JSON-ish by content, or empty, skipped with a note. A file
 * reached twice is read once. Throws ReplayInputError, before anything is read, for a path that
 * does not exist or cannot be read and for a directory with no input file in it.
 */
async function planReplayInputs(paths: string[], exclude: readonly ExcludedDir[] = []): Promise<InputPlan> {
  if (paths.length === 0) throw new ReplayInputError('', 'no input given: name at least one file or directory');
  const plan: InputPlan = { files: [], skipped: [] };
  const excluded = new Map(
    await Promise.all(exclude.map(async ({ dir, why }) => [await realpath(dir).catch(() => resolve(dir)), why] as const)),
  );
  const seen = new Set<string>();

  /** False only when the file was skipped (a directory entry that is not JSON or is empty). */
  const addFile = async (path: string, bytes: number, fromDirectory: boolean): Promise<boolean> => {
    // By real path: the same file reached through a symlink is the same file.
    const key = await realpath(path).catch(() => resolve(path));
    if (seen.has(key)) return true;
    seen.add(key);
    let sniffed;
    try {
      sniffed = await sniffFile(path);
    } catch (err) {
      throw ReplayInputError.fromFsError(path, err);
    }
    if (fromDirectory && (sniffed.kind === 'not-json' || sniffed.kind === 'empty')) {
      plan.skipped.push({ path, reason: sniffed.kind === 'empty' ? 'skipped: empty file' : `skipped: ${notJsonReason(sniffed.sample)}` });
      return false;
    }
    const file: InputFile = { path, bytes, gzip: sniffed.gzip, kind: sniffed.kind, sample: sniffed.sample };
    if (sniffed.error !== undefined) file.error = sniffed.error;
    plan.files.push(file);
    return true;
  };

  const walk = async (dir: string, visited: Set<string>): Promise<number> => {
    let real: string;
    let entries;
    try {
      real = await realpath(dir);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw ReplayInputError.fromFsError(dir, err);
    }
    if (visited.has(real)) return 0; // a symlink loop
    visited.add(real);
    const why = excluded.get(real);
    if (why !== undefined) {
      plan.skipped.push({ path: dir, reason: `skipped: ${why}` });
      return 0;
    }
    let found = 0;
    for (const entry of entries.sort((a, b) => byName(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      let info;
      try {
        info = entry.isSymbolicLink() ? await stat(path) : null;
      } catch (err) {
        throw ReplayInputError.fromFsError(path, err);
      }
      const isDir = info ? info.isDirectory() : entry.isDirectory();
      const isFile = info ? info.isFile() : entry.isFile();
      if (isDir) {
        found += await walk(path, visited);
      } else if (isFile) {
        let bytes = info?.size;
        if (bytes === undefined) {
          try {
            bytes = (await stat(path)).size;
          } catch (err) {
            throw ReplayInputError.fromFsError(path, err);
          }
        }
        if (await addFile(path, bytes, true)) found += 1;
      } else {
        plan.skipped.push({ path, reason: 'skipped: not a regular file' });
      }
    }
    return found;
  };

  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      throw ReplayInputError.fromFsError(path, err);
    }
    if (info.isDirectory()) {
      const skippedBefore = plan.skipped.length;
      const found = await walk(path, new Set());
      if (found === 0) {
        const skipped = plan.skipped.length - skippedBefore;
        throw new ReplayInputError(
          path,
          `no input files in directory "${path}"${skipped > 0 ? ` (${skipped} skipped: not JSON or empty)` : ''}`,
        );
      }
    } else if (info.isFile()) {
      await addFile(path, info.size, false);
    } else {
      throw new ReplayInputError(path, `cannot read "${path}": not a regular file or directory`);
    }
  }
  return plan;
}

/** Total size on disk of the files a replay of `paths` reads: the 100 % of a progress bar fed by onBytes. */
async function inputSizeBytes(paths: string[], exclude: readonly ExcludedDir[] = []): Promise<number> {
  const plan = await planReplayInputs(paths, exclude);
  return plan.files.reduce((sum, f) => sum + f.bytes, 0);
}

export { planReplayInputs, inputSizeBytes, notJsonReason };
export type { InputFile, InputPlan };
