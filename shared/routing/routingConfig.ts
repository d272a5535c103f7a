import { z } from 'zod';
import { RESPONDER_TYPES } from '../alerts/opsgenie/types';
import { SEVERITIES } from '../findings/severity';
import { RoutingConfigError } from './errors';

/**
 * The router's policy for one stage, as configuration: serverless.yml's `alertRouting` parameter (JSON)
 * in a stage, `routing` in the local `--config`. Validated once at cold start; every field has a default,
 * so `{}` is a working policy (critical and high page, everything to the SIEM).
 */

const isoInstant = z.iso.datetime({ offset: true });

/** A span of event time, for a detection (or every detection), optionally one subject. */
const WindowSchema = z
  .object({
    start: isoInstant,
    end: isoInstant,
    /** Detection ids the window applies to; every detection when absent. */
    detections: z.array(z.string().min(1)).min(1).optional(),
    /** Exact finding subject; every subject when absent. */
    subject: z.string().min(1).optional(),
    /** Why: shown in the logs and the SIEM record's reason. */
    reason: z.string().min(1).max(200),
  })
  .strict()
  .refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'start must be before end' });

const ResponderSchema = z
  .object({
    type: z.enum(RESPONDER_TYPES),
    id: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.id !== undefined || r.name !== undefined || r.username !== undefined, {
    message: 'a responder needs an id, a name or a username',
  });

const PrioritySchema = z.enum(['P1', 'P2', 'P3', 'P4', 'P5']);

export const RoutingConfigSchema = z
  .object({
    /**
     * Where runbooks are browsed: every alert links `<runbookBaseUrl>/docs/runbooks/<id>.md` (OpsGenie
     * description and details, OCSF remediation); the repository path alone when absent.
     */
    runbookBaseUrl: z
      .url({ protocol: /^https?$/, error: 'runbookBaseUrl must be an http(s) URL' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /** Severity → OpsGenie priority (critical P1 … info P5 unless overridden). */
    priorities: z.partialRecord(z.enum(SEVERITIES), PrioritySchema).default({}),
    /** The owning team (a `team` responder) and further responders, for every page. */
    team: z.string().min(1).optional(),
    responders: z.array(ResponderSchema).max(50).default([]),
    /** Routing tags on every alert (OpsGenie rules match on them). */
    tags: z.array(z.string().min(1).max(50)).max(10).default([]),
    /** Per detection: a team, responders and tags in place of (team) or besides (responders, tags) the defaults. */
    detections: z
      .record(
        z.string().min(1),
        z
          .object({
            team: z.string().min(1).optional(),
            responders: z.array(ResponderSchema).max(50).optional(),
            tags: z.array(z.string().min(1).max(50)).max(10).optional(),
          })
          .strict(),
      )
      .default({}),
    /** A later occurrence of an open finding updates it (a note, an OCSF Update) at most this often. */
    updateIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Suppression windows: matching findings reach the SIEM only, marked suppressed. */
    suppressions: z.array(WindowSchema).default([]),
    /** Maintenance windows: the same, for planned work; in event time during a replay. */
    maintenance: z.array(WindowSchema).default([]),
    /**
     * Flapping guard: a detection and subject that opened this many findings inside the window stops
     * paging (further findings go to the SIEM and as a note on the latest alert) until the window passes.
     */
    flapping: z
      .object({ maxPages: z.number().int().min(1).max(100).default(3), windowMinutes: z.number().int().min(1).max(1440).default(60) })
      .strict()
      .default({ maxPages: 3, windowMinutes: 60 }),
    /** Per detection and event-time hour, at most this many pages; beyond it findings fold into one summary alert. */
    maxPagesPerDetectionPerHour: z.number().int().min(1).max(1000).default(20),
    /** The outbox: how long a delivery may wait before `pipeline-delivery-failures` fires. */
    outboxBudgetMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    /** The HTTP sinks' per-attempt timeout and retries (short in tests, defaults of shared/alerts otherwise). */
    delivery: z
      .object({
        timeoutMs: z.number().int().min(50).max(60_000).optional(),
        retries: z.number().int().min(0).max(10).optional(),
        baseDelayMs: z.number().int().min(1).max(10_000).optional(),
        maxDelayMs: z.number().int().min(1).max(60_000).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;
export type RoutingWindow = z.infer<typeof WindowSchema>;

/** The routing configuration from its JSON text (an empty text: the defaults); a RoutingConfigError lists each problem. */
export function parseRoutingConfig(raw: unknown, origin = 'alert routing configuration'): RoutingConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch (cause) {
      throw new RoutingConfigError(`${origin} is not valid JSON`, { cause });
    }
  }
  const result = RoutingConfigSchema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new RoutingConfigError(`${origin} is invalid:\n${problems}`);
  }
  return result.data;
}
