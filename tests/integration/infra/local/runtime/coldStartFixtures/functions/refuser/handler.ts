import { ConfigError } from '../../../../../../../../shared/config';

const registry = globalThis as Record<string, unknown>;
((registry.__coldStarts ??= []) as unknown[]).push({ function: 'refuser' });
// What a handler does with a setting it cannot use: refuse at cold start, before any event.
throw new ConfigError('RETENTION_DAYS must be a positive number');

export const handler = async () => ({ ok: true });
