import type { DefaultGrouping } from './defaultGrouping';
import type { CrashEventInput } from './types';

/*
 * A client `fingerprint` replaces the default grouping, as in Sentry. Its entries are literal strings
 * or variables (`{{ name }}`, spaces and case free). Handled:
 *   {{ default }}                       the default grouping's components (so ["{{ default }}"] is the default)
 *   {{ type }}, {{ error.type }}        the type of the exception thrown (the last of the chain)
 *   {{ error.value }}                   its value, as sent
 *   {{ function }}, {{ stack.function }}  the function of the frame that raised it (in-app frames first)
 *   {{ module }}, {{ stack.module }}    that frame's module (or normalised file)
 *   {{ package }}, {{ stack.package }}  that frame's package (binary image)
 *   {{ release }}, {{ platform }}       the event's release and platform
 * Sentry's others (transaction, level, logger, message, tags.*) have no value in a telemetry event:
 * like any unknown variable they stay literal text, so the same fingerprint still groups together.
 */

const VARIABLE = /^\{\{\s*([a-z_.]+)\s*\}\}$/i;

export function isDefaultEntry(entry: string): boolean {
  return VARIABLE.exec(entry)?.[1]?.toLowerCase() === 'default';
}

function variableValue(name: string, event: CrashEventInput, grouping: DefaultGrouping): string | undefined {
  const values = event.exception?.values ?? [];
  const last = values[values.length - 1];
  switch (name) {
    case 'type':
    case 'error.type':
      return last?.type ?? undefined;
    case 'error.value':
      return last?.value ?? undefined;
    case 'function':
    case 'stack.function':
      return grouping.topFrame?.function;
    case 'module':
    case 'stack.module':
      return grouping.topFrame?.where;
    case 'package':
    case 'stack.package':
      return grouping.topFrame?.package;
    case 'release':
      return event.release;
    case 'platform':
      return event.platform ?? undefined;
    default:
      return undefined;
  }
}

/** The components a fingerprint stands for; `{{ default }}` expands to the default grouping's. */
export function fingerprintComponents(fingerprint: readonly string[], event: CrashEventInput, grouping: DefaultGrouping): string[] {
  return fingerprint.flatMap((entry) => {
    const variable = VARIABLE.exec(entry)?.[1]?.toLowerCase();
    if (variable === 'default') return [...grouping.components];
    const value = variable === undefined ? undefined : variableValue(variable, event, grouping);
    return [`fingerprint:${value ?? entry}`];
  });
}
