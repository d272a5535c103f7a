import { z } from 'zod';

/** A required, non-empty environment variable, with a message that names it. */
export const requiredString = (name: string) => z.string({ error: `${name} is required` }).min(1, `${name} is required`);

/** An environment variable holding a JSON object. */
export const jsonObject = z.string().transform((raw, ctx) => {
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
  return z.NEVER;
});

/**
 * What every Vigil function reads. Each function extends it with its own variables in its manifest
 * (functions/<folder>/manifest.ts), which is also where the values come from.
 */
export const BaseConfigSchema = z.object({
  STAGE: requiredString('STAGE'),
  EVENT_BUS_NAME: requiredString('EVENT_BUS_NAME'),
  IDEMPOTENCY_TABLE: requiredString('IDEMPOTENCY_TABLE'),
  QUARANTINE_TABLE: requiredString('QUARANTINE_TABLE'),
  FIELD_KEY_ID: requiredString('FIELD_KEY_ID'),
});

export type BaseConfig = z.infer<typeof BaseConfigSchema>;
