import { createHash } from 'node:crypto';
import { type DefaultBasis, defaultGrouping } from './defaultGrouping';
import { fingerprintComponents } from './fingerprint';
import { crashTitle } from './title';
import type { CrashEventInput } from './types';

/** Bumped when a grouping rule changes: like Sentry's grouping configs, a new version makes new groups. */
export const GROUPING_VERSION = 'vigil-grouping:1';

export type GroupingBasis = DefaultBasis | 'fingerprint';

export interface CrashGrouping {
  /** 32 hex characters: SHA-256 of the grouping version and the components, cut (a group id, not a secret). */
  readonly groupId: string;
  readonly title: string;
  readonly basis: GroupingBasis;
  readonly components: readonly string[];
}

export function groupIdOf(components: readonly string[]): string {
  return createHash('sha256')
    .update([GROUPING_VERSION, ...components].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/** The group of one crash or error event: its fingerprint when it has one, else the default grouping. */
export function groupCrash(event: CrashEventInput): CrashGrouping {
  const grouping = defaultGrouping(event);
  const fingerprint = event.fingerprint ?? [];
  const components = fingerprint.length > 0 ? fingerprintComponents(fingerprint, event, grouping) : [...grouping.components];
  const onlyDefault = fingerprint.length === 0 || components.join('\n') === grouping.components.join('\n');
  return {
    groupId: groupIdOf(components),
    title: crashTitle(event),
    basis: onlyDefault ? grouping.basis : 'fingerprint',
    components,
  };
}
