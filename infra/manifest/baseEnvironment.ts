import type { BaseConfig } from '../../shared/config/schemas';
import type { EnvSource } from './types';

/** Where the variables every function reads (shared/config BaseConfigSchema) come from. */
export const BASE_ENVIRONMENT: Record<keyof BaseConfig, EnvSource> = {
  STAGE: { stage: true },
  EVENT_BUS_NAME: { bus: 'vigil' },
  IDEMPOTENCY_TABLE: { table: 'Idempotency' },
  QUARANTINE_TABLE: { table: 'Quarantine' },
  FIELD_KEY_ID: { fieldKey: true },
};

/** A function's whole environment: the base set, then its own (manifest.environment). */
export function environmentOf(own: Record<string, EnvSource>): Record<string, EnvSource> {
  return { ...BASE_ENVIRONMENT, ...own };
}
