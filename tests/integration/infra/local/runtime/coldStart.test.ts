import { join } from 'node:path';
import { LocalConfigError } from '../../../../../infra/local/runtime/errors';
import { EmbeddedRuntime } from '../../../../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../../../../infra/local/runtime/localConfig';
import { loadFunctionCatalogue } from '../../../../../infra/manifest/loadFunctionManifests';

/**
 * Handlers load on their function's first invocation (its cold start), not at start; what a handler's
 * cold start would refuse still stops the run with the reason, and the stage's detection overrides are
 * checked at start, before any event.
 */
const registry = globalThis as Record<string, unknown>;
const catalogue = loadFunctionCatalogue(join(__dirname, 'coldStartFixtures', 'functions'), []);

beforeEach(() => {
  registry.__coldStarts = [];
  registry.__pings = [];
});

test('a handler loads once, on its first invocation, under its own environment', async () => {
  const runtime = await EmbeddedRuntime.start({ catalogue });
  try {
    expect(runtime.functionKeys).toEqual(['pinger', 'refuser']);
    expect(registry.__coldStarts).toEqual([]);
    await runtime.tick(new Date('2026-11-20T10:03:00Z'));
    await runtime.tick(new Date('2026-11-20T10:31:00Z'));
    await runtime.tick(new Date('2026-11-20T10:52:00Z'));
    expect(registry.__pings).toEqual([
      '2026-11-20T10:10:00Z',
      '2026-11-20T10:20:00Z',
      '2026-11-20T10:30:00Z',
      '2026-11-20T10:40:00Z',
      '2026-11-20T10:50:00Z',
    ]);
    // Loaded for the first run only; the refuser, whose schedule has not fired, never loaded.
    expect(registry.__coldStarts).toEqual([{ function: 'pinger', outbox: 'vigil-local-outbox' }]);
    expect(process.env.OUTBOX_TABLE).toBeUndefined();
  } finally {
    await runtime.close();
  }
}, 60_000);

test('a handler that refuses its configuration at its cold start stops the run with the reason, not as a failed invocation', async () => {
  const runtime = await EmbeddedRuntime.start({ catalogue });
  try {
    await runtime.tick(new Date('2026-11-20T23:55:00Z'));
    const run = runtime.tick(new Date('2026-11-21T00:05:00Z'));
    await expect(run).rejects.toThrow(LocalConfigError);
    await expect(run).rejects.toThrow(
      'functions/refuser refused its configuration at cold start: RETENTION_DAYS must be a positive number',
    );
    expect(runtime.stats.failedInvocations).toEqual([]);
    expect(runtime.stats.invocations.refuser).toBeUndefined();
  } finally {
    await runtime.close();
  }
}, 60_000);

test('a misspelt detection override stops the start, named as the first reading function would at its cold start', async () => {
  const config = parseLocalConfig({ detectionOverrides: { 'console-bruteforce-per-user': { parameters: { treshold: 3 } } } });
  const start = EmbeddedRuntime.start({ config });
  await expect(start).rejects.toThrow(LocalConfigError);
  await expect(start).rejects.toThrow(/^functions\/alert-drill refused its configuration at cold start: DETECTION_OVERRIDES is invalid/);
  await expect(start).rejects.toThrow('console-bruteforce-per-user.parameters: Unrecognized key: "treshold"');
}, 60_000);

test('valid detection overrides pass the start check', async () => {
  const config = parseLocalConfig({ detectionOverrides: { 'console-bruteforce-per-user': { parameters: { threshold: 3 } } } });
  const runtime = await EmbeddedRuntime.start({ config });
  await runtime.close();
  expect(runtime.functionKeys).toContain('securityDetector');
}, 60_000);
