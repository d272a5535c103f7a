import { AppTelemetryBatchEventSchema } from '../../events/schemas';
import { checkBatch } from '../../events/telemetry';
import { appTelemetryBatchEvent, capturedVariants, loadCaptured } from '../helpers/capturedEvent';

/*
 * Crash and error events carry Sentry's exception interface as the SDKs send it. The captures in
 * tests/events/app-telemetry/ are shaped after sentry-java (a chained exception), sentry-cocoa (a
 * handled NSError with its stack on the current thread; a Mach exception with registers),
 * @sentry/browser (one TypeError in Chrome, Firefox and Safari), sentry-go (a recovered panic) and
 * sentry-python (an exception raised while handling another, local variables included).
 */
type Json = Record<string, any>;
const SDK_CAPTURES = capturedVariants('app-telemetry').filter((v) => v.startsWith('crash-') || v.startsWith('error-'));
const violations = (batch: Json) => {
  const check = checkBatch(batch.detail);
  return [...check.batchViolations, ...check.events.flatMap((e) => e.violations)].map(
    (v) => `${v.path.join('.')}: ${v.class}: ${v.message}`,
  );
};
const crashEvent = (variant: string) => loadCaptured('app-telemetry', variant) as Json;

test('the SDK-shaped captures are all there', () => {
  expect(SDK_CAPTURES).toEqual([
    'crash-android-chained',
    'crash-go-panic',
    'crash-ios-mach',
    'crash-js-chrome',
    'crash-js-firefox',
    'crash-js-safari',
    'crash-python-traceback',
    'error-ios-nserror',
  ]);
});

test.each(SDK_CAPTURES)('%s passes the spec as the SDK sends it', (variant) => {
  expect(violations(crashEvent(variant))).toEqual([]);
  const event = appTelemetryBatchEvent(variant).detail.events[0]!;
  const handled = event.exception!.values.map((v) => v.mechanism?.handled);
  // A crash has an unhandled exception; a handled error has none.
  expect(handled.includes(false)).toBe(event.kind === 'crash');
});

test('frames run oldest first: the last frame is the one that raised it', () => {
  const android = appTelemetryBatchEvent('crash-android-chained').detail.events[0]!.exception!.values;
  // Chained exceptions oldest first: the SQLite failure caused the IllegalStateException, which the RuntimeException wraps.
  expect(android.map((v) => v.type)).toEqual(['SQLiteCantOpenDatabaseException', 'IllegalStateException', 'RuntimeException']);
  expect(android[1]!.stacktrace!.frames.at(-1)).toMatchObject({ module: 'com.example.vigilbank.cards.CardStore', function: 'require' });
});

test('SDK extras are accepted: frames without function, lineno or in_app; mechanism data and meta; stacks under threads', () => {
  const android = crashEvent('crash-android-chained');
  const nativeFrame = android.detail.events[0].exception.values[0].stacktrace.frames.at(-1);
  expect(nativeFrame).not.toHaveProperty('lineno');
  const js = crashEvent('crash-js-chrome');
  const frame = js.detail.events[0].exception.values[0].stacktrace.frames[0];
  delete frame.function;
  delete frame.in_app;
  delete frame.lineno;
  const mach = crashEvent('crash-ios-mach').detail.events[0];
  expect(mach.exception.values[0]).not.toHaveProperty('stacktrace');
  expect(mach.threads.values[0].stacktrace.registers).toBeDefined();
  expect(mach.exception.values[0].mechanism).toMatchObject({
    data: { relevant_address: expect.any(String) },
    meta: { signal: { name: 'SIGSEGV' } },
  });
  const nserror = crashEvent('error-ios-nserror').detail.events[0];
  expect(nserror.exception.values[0].mechanism.meta).toEqual({ ns_error: { code: -1001, domain: 'NSURLErrorDomain' } });
  expect(violations(android)).toEqual([]);
  expect(violations(js)).toEqual([]);
});

test('null stands for absent, as sentry-python writes a builtin exception without module', () => {
  const python = crashEvent('crash-python-traceback');
  expect(python.detail.events[0].exception.values[0].module).toBeNull();
  expect(violations(python)).toEqual([]);
});

test('a frame with none of filename, function and instruction_addr is refused', () => {
  const go = crashEvent('crash-go-panic');
  const frame = go.detail.events[0].exception.values[0].stacktrace.frames[0];
  for (const key of ['filename', 'function']) delete frame[key];
  expect(violations(go)).toEqual([
    'events.0.exception.values.0.stacktrace.frames.0: value_not_allowed: needs at least one of filename, function, instruction_addr',
  ]);
});

test('an exception value with neither type nor value is refused', () => {
  const go = crashEvent('crash-go-panic');
  const value = go.detail.events[0].exception.values[0];
  delete value.type;
  value.value = null;
  expect(violations(go)).toEqual(['events.0.exception.values.0: value_not_allowed: needs at least one of type, value']);
});

test('a frame key Sentry does not define is unplanned, named by path', () => {
  const safari = crashEvent('crash-js-safari');
  safari.detail.events[0].exception.values[0].stacktrace.frames[1].sourceMapURL = 'https://app.example.com/x.map';
  expect(violations(safari)).toEqual([
    'events.0.exception.values.0.stacktrace.frames.1.sourceMapURL: unplanned_property: not in the telemetry spec',
  ]);
});

test('the kind says what mechanism.handled says: a handled crash and an unhandled error are refused', () => {
  const crash = crashEvent('crash-js-firefox');
  crash.detail.events[0].exception.values[0].mechanism.handled = true;
  const error = crashEvent('error-ios-nserror');
  error.detail.events[0].exception.values[0].mechanism.handled = false;
  expect(violations(crash)).toEqual([expect.stringMatching(/^events\.0\.exception: value_not_allowed: rule crash-is-unhandled: /)]);
  expect(violations(error)).toEqual([expect.stringMatching(/^events\.0\.exception: value_not_allowed: rule error-is-handled: /)]);
});

test('a crash event without its exception is refused', () => {
  const go = crashEvent('crash-go-panic');
  delete go.detail.events[0].exception;
  expect(violations(go)).toEqual(expect.arrayContaining(['events.0.exception: required_missing: required']));
});

test('release is a free string up to 200 characters, as Sentry allows; no slash, no line break', () => {
  const batch = (release: unknown) => {
    const event = crashEvent('crash-go-panic');
    event.detail.release = release;
    return violations(event);
  };
  for (const ok of ['app@1.2.3+4', 'a41c9e2f0d3b7e4c1a9f6b2d8e5c3a7f9b1d4e6c', 'vigil bff 3.8.1', 'x'.repeat(200)])
    expect([ok, batch(ok)]).toEqual([ok, []]);
  for (const bad of ['x'.repeat(201), 'feature/login', 'a\nb', '..', ' ', '']) {
    const found = batch(bad);
    expect(found.length).toBeGreaterThan(0);
    for (const v of found) expect(v).toMatch(/^release: envelope: /);
  }
});

test('version 1 batches are still accepted, their crashes flat; a version 1 batch cannot carry a structured exception', () => {
  const v1 = loadCaptured('app-telemetry', 'batch-ios') as Json;
  expect(v1.detail.schemaVersion).toBe(1);
  expect(AppTelemetryBatchEventSchema.safeParse(v1).success).toBe(true);
  const structured = crashEvent('crash-ios-mach');
  structured.detail.schemaVersion = 1;
  delete structured.detail.release;
  delete structured.detail.environment;
  expect(violations(structured)).toEqual(
    expect.arrayContaining([
      'events.0.platform: envelope: not in the telemetry spec',
      'events.0.exception: envelope: not in the telemetry spec',
    ]),
  );
});

test('a version 1 batch cannot carry the kinds version 2 added, whatever the event', () => {
  const v1 = loadCaptured('app-telemetry', 'batch-ios') as Json;
  v1.detail.events = [
    {
      eventId: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      name: 'app_rating',
      kind: 'feedback',
      timestamp: '2026-11-20T09:15:00.000Z',
      sessionId: 's-1',
      properties: { rating: 4 },
    },
  ];
  expect(violations(v1)).toEqual(['events.0.kind: envelope: not one of the allowed values']);
});

test('a version 2 batch may name a superseded event version, and is checked against it', () => {
  const v1crash = {
    eventId: '0f1e2d3c-4b5a-4968-8776-655443322110',
    name: 'app_crash',
    kind: 'crash',
    version: 1,
    timestamp: '2026-11-20T09:00:00.000Z',
    sessionId: 's-1',
    properties: { exceptionType: 'EXC_BAD_ACCESS', fingerprint: 'b21ee92b10bf5513ab14d7b35505d5007d8fa66e', handled: false },
  };
  const batch = crashEvent('crash-go-panic');
  batch.detail.events = [v1crash];
  expect(violations(batch)).toEqual([]);
  batch.detail.events = [{ ...v1crash, version: 7 }];
  expect(violations(batch)).toEqual(['events.0.version: unplanned_event: no such version of this event in the telemetry spec']);
});
