import { normaliseMessage } from './message';
import type { CrashEventInput } from './types';

/** Titles are cut here (with an ellipsis), as issue lists show them. */
export const TITLE_MAX_LENGTH = 100;

function shorten(text: string): string {
  return text.length <= TITLE_MAX_LENGTH ? text : `${text.slice(0, TITLE_MAX_LENGTH - 1)}…`;
}

/**
 * A group's title, Sentry's way: `type: value` of the exception thrown (the last of the chain), the
 * value's first line with its variable parts normalised (so a title never quotes an id, an address
 * or an e-mail address), cut to TITLE_MAX_LENGTH. Without an exception: what the event's properties say.
 */
export function crashTitle(event: CrashEventInput): string {
  const values = event.exception?.values ?? [];
  const last = values[values.length - 1];
  const properties = event.properties ?? {};
  const type = last ? last.type : typeof properties.exceptionType === 'string' ? properties.exceptionType : undefined;
  const rawValue = last ? last.value : typeof properties.exceptionMessage === 'string' ? properties.exceptionMessage : undefined;
  const value = rawValue ? normaliseMessage(rawValue.split('\n', 1)[0]!) : undefined;
  if (type && value) return shorten(`${type}: ${value}`);
  if (type || value) return shorten((type ?? value)!);
  const detail = ['errorCode', 'signal', 'route', 'form', 'field']
    .map((name) => properties[name])
    .filter((v) => typeof v === 'string' || typeof v === 'number');
  return shorten(detail.length > 0 ? `${event.name}: ${detail.join(' ')}` : event.name);
}
