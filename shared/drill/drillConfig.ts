import { z } from 'zod';
import { DrillWindowSchema } from './drillWindow';
import { DrillConfigError } from './errors';

/**
 * The scheduled drill's settings for one stage: serverless.yml's `alertDrill` parameter (JSON) in a
 * stage, `drill` in the local `--config`. Validated at cold start. A stage drills every detection weekly
 * by default, starting in working hours only (`startWithin`); the embedded runtime does not drill unless
 * asked (so `npm start` summaries hold no drill).
 */
export const DrillConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Start a drill when the last one started this many hours ago (event time): 168 = weekly. */
    everyHours: z.number().int().min(1).max(2160).default(168),
    /**
     * Wait this long after starting for the router's receipts, then finish (verify, close, record) in the same
     * invocation, so drill alerts stay open for seconds, not an hour; 0, or receipts still missing, leaves the
     * run to the next hourly firing (the embedded runtime must: it routes only after the invocation returns).
     */
    finishWithinSeconds: z.number().int().min(0).max(240).default(120),
    /** When a due drill may start (drillWindow.ts): weekdays 10:00 to 16:00 UTC by default; "any" for always. */
    startWithin: DrillWindowSchema.default({ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], fromHour: 10, toHour: 16, timeZone: 'UTC' }),
    /** Detection ids, or "all": every registered, relayed and pipeline detection. */
    detections: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'),
  })
  .strict();

export type DrillConfig = z.infer<typeof DrillConfigSchema>;

/** The drill configuration from its JSON text (an empty text: the defaults); a DrillConfigError lists each problem. */
export function parseDrillConfig(raw: unknown, origin = 'alert drill configuration'): DrillConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch (cause) {
      throw new DrillConfigError(`${origin} is not valid JSON`, { cause });
    }
  }
  const result = DrillConfigSchema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new DrillConfigError(`${origin} is invalid:\n${problems}`);
  }
  return result.data;
}
