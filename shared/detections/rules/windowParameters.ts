import { z } from 'zod';
import { MAX_MEMBERS_PER_BUCKET } from '../state/DetectionStateStore';

/*
 * The parameters every counting detection has, written once: the window, the threshold and an
 * allow-list. Each detection gives its own default and says, in its description, what it counts.
 */

/** The sliding window, in minutes of event time (a day at most: state outlives its horizon by a day). */
export function windowMinutes(defaultMinutes: number, description = 'Sliding window of event time, in minutes') {
  return z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(defaultMinutes)
    .describe(description);
}

/** The count (or distinct count) that fires; a minute bucket's member bound caps it. */
export function threshold(defaultCount: number, description: string) {
  return z.number().int().min(2).max(MAX_MEMBERS_PER_BUCKET).default(defaultCount).describe(description);
}

/** Values (principals, source IPs) whose events are not counted. */
export function ignoredValues(description: string) {
  return z.array(z.string().min(1)).default([]).describe(description);
}

/** Accounts allowed besides the recipient account (which always is); `description` says allowed to what. */
export function allowedAccounts(description: string) {
  return z
    .array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'))
    .default([])
    .describe(description);
}

/** Organisation ids (o-...) whose confinement (aws:PrincipalOrgID) makes a grant to "*" internal. */
export function allowedOrganizationIds(description: string) {
  return z.array(z.string().min(1)).default([]).describe(description);
}
