/*
 * File names as grouping compares them: where the file is served from and which build it is are not
 * part of what failed. Removed: a URL's scheme and origin (https://cdn.example.com, app://,
 * webpack://, file://), a query string and a fragment, a `:line:col` suffix, leading `/`, `./` and `~/`,
 * and the content hashes bundlers put in file names (main.8f3c2a1b.js, chunk-4F2C1D3E.js); UUIDs of
 * app containers are made constant. Never line numbers or addresses.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A part of a file name that is a content hash: 8+ hex characters with a digit; after a separator
 * (main.8f3c2a1b.js, index-BxK3f9aQ.js) also 6+ hex characters, or 8+ letters and digits mixed.
 */
function isHash(part: string, first: boolean): boolean {
  const hex = /^[0-9a-f]+$/i.test(part) && /\d/.test(part);
  if (hex && part.length >= (first ? 8 : 6)) return true;
  return !first && part.length >= 8 && /^[A-Za-z0-9]+$/.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part);
}

function withoutHashes(basename: string): string {
  return basename
    .split(/([._-])/)
    .map((part, i) => (isHash(part, i === 0) ? '<hash>' : part))
    .join('');
}

export function normaliseFilename(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let path = raw.trim();
  path = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  path = path.replace(/^(?:blob:|file:)/i, '');
  path = path.replace(/[?#].*$/s, '');
  path = path.replace(/(?::\d+){1,2}$/, '');
  path = path.replace(/^(?:\/|\.\/|~\/)+/, '');
  path = path.replace(UUID, '<uuid>');
  const cut = path.lastIndexOf('/') + 1;
  path = path.slice(0, cut) + withoutHashes(path.slice(cut));
  return path === '' ? undefined : path;
}

/** The last part of a binary image's path (the app's executable, a framework): its folder names the device. */
export function packageName(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const path = raw.trim().replace(/[/\\]+$/, '');
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) || undefined;
}
