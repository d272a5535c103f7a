/**
 * The link an alert carries to its runbook: `<base>/<path>` with the stage's `runbookBaseUrl` (routing
 * configuration, e.g. the repository's browse URL at its main branch), or the repository path itself
 * (`docs/runbooks/<id>.md`) when no base is configured.
 *
 * @example
 * runbookLink('docs/runbooks/root-console-login.md', 'https://git.example.com/vigil/blob/main/');
 * // → 'https://git.example.com/vigil/blob/main/docs/runbooks/root-console-login.md'
 */
export function runbookLink(path: string, baseUrl?: string): string {
  if (baseUrl === undefined || baseUrl === '') return path;
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
