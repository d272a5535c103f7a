import { randomUUID } from 'node:crypto';
import { checkBatch } from '../../../../events/telemetry';
import { groupCrash } from '../../../../shared/telemetry/crashes';
import { type ConformancePayload, conformanceFiles, crashEvent, loadPayloads } from './conformancePayloads';

/** The group ids of a file's payloads, by payload id. */
function groupsOf(file: string): Record<string, string> {
  return Object.fromEntries(loadPayloads(file).map((p) => [p.id, groupCrash(crashEvent(p)).groupId]));
}

/** The payloads partitioned by group: each inner list one group, in file order. */
function partition(file: string): string[][] {
  const byGroup = new Map<string, string[]>();
  for (const [id, group] of Object.entries(groupsOf(file))) byGroup.set(group, [...(byGroup.get(group) ?? []), id]);
  return [...byGroup.values()];
}

test('the same TypeError from Chrome, Edge, Firefox and Safari (and the next deploy of the bundle) is one group', () => {
  expect(partition('javascript-browsers.json')).toEqual([
    ['chrome', 'edge', 'firefox', 'safari', 'chrome-next-deploy'],
    ['chrome-other-bug'],
  ]);
});

test('Android chained exceptions group on the whole chain: the same cause on two devices is one group, another cause another', () => {
  expect(partition('android-chained.json')).toEqual([
    ['pixel-8', 'galaxy-s23'],
    ['pixel-8-other-cause', 'galaxy-s23-other-cause'],
  ]);
});

test('an iOS NSError groups by its domain and code (meta.ns_error or mechanism.data), its stack taken from the current thread', () => {
  expect(partition('ios-nserror.json')).toEqual([
    ['iphone-15-timeout', 'iphone-13-timeout', 'iphone-13-timeout-old-sdk'],
    ['iphone-15-offline'],
    ['iphone-15-app-domain'],
  ]);
  const event = crashEvent(loadPayloads('ios-nserror.json')[0]!);
  expect(groupCrash(event).components).toContain('ns_error:NSURLErrorDomain:-1001');
});

test('an iOS crash groups on the crashed thread: devices, addresses and container UUIDs do not count, the function does', () => {
  expect(partition('ios-crash-threads.json')).toEqual([['iphone-15', 'iphone-12'], ['iphone-15-other-function']]);
  const components = groupCrash(crashEvent(loadPayloads('ios-crash-threads.json')[0]!)).components;
  expect(components).toEqual([
    'type:EXC_BAD_ACCESS',
    'frame:VigilBank|LoginViewController.submit(_:)',
    'frame:VigilBank|LoginViewController.passkeyPromptDidFinish(_:)',
  ]);
});

test('a Go panic groups on its in-app frames: the runtime, net/http, the module cache and the SDK are out, even unmarked', () => {
  expect(partition('go-panic.json')).toEqual([['pod-a', 'pod-b'], ['pod-a-other-handler']]);
  const components = groupCrash(crashEvent(loadPayloads('go-panic.json')[0]!)).components;
  expect(components.filter((c) => c.startsWith('frame:'))).toEqual([
    'frame:github.com/vigilbank/ledger/internal/api|(*TransferHandler).List',
    'frame:github.com/vigilbank/ledger/internal/api|pageOf',
  ]);
});

test('Python: a chain on its in-app frames, a library-only traceback on all frames, a logged error on type and normalised value', () => {
  expect(partition('python-traceback.json')).toEqual([
    ['web-1', 'web-2'],
    ['web-1-other-function'],
    ['worker-1', 'worker-2'],
    ['logged-1', 'logged-2'],
    ['logged-other-type'],
  ]);
  const payloads = loadPayloads('python-traceback.json');
  const basis = (id: string) => groupCrash(crashEvent(payloads.find((p) => p.id === id)!)).basis;
  expect([basis('web-1'), basis('worker-1'), basis('logged-1')]).toEqual(['in-app-stack', 'stack', 'exception']);
});

test('a React Native error is one group on Android and iOS: native and React Native frames are not the app', () => {
  expect(partition('react-native.json')).toEqual([['rn-android', 'rn-ios']]);
});

test('fingerprints: absent and ["{{ default }}"] are the default; a literal replaces it; {{ default }} extends it', () => {
  const groups = groupsOf('fingerprints.json');
  expect(groups['default-only']).toBe(groups['no-fingerprint']);
  expect(groups['default-spaced']).toBe(groups['no-fingerprint']);
  expect(groups['payments-a']).toBe(groups['payments-b']);
  expect(new Set([groups['no-fingerprint'], groups['payments-a'], groups['default-plus-tenant'], groups['by-type']]).size).toBe(4);
  expect(groupsOf('javascript-browsers.json').chrome).toBe(groups['no-fingerprint']);
});

test('no two files share a group (fingerprints.json reuses the Chrome stack on purpose)', () => {
  const seen = new Map<string, string>();
  for (const file of conformanceFiles().filter((f) => f !== 'fingerprints.json')) {
    for (const group of new Set(Object.values(groupsOf(file)))) {
      expect(seen.get(group)).toBeUndefined();
      seen.set(group, file);
    }
  }
  expect(seen.size).toBeGreaterThan(15);
});

/** A schemaVersion 2 batch of crash and error events carrying the payloads, as an app would send them. */
function batchOf(payloads: readonly ConformancePayload[]) {
  return {
    schemaVersion: 2,
    batchId: randomUUID(),
    app: { id: 'com.example.vigilbank', platform: 'android', version: '4.12.0', build: '4120031' },
    sentAt: '2026-11-20T10:00:01.000Z',
    events: payloads.map((p) => {
      const event = crashEvent(p);
      return {
        eventId: randomUUID(),
        name: event.name,
        kind: event.kind,
        timestamp: event.timestamp,
        sessionId: randomUUID(),
        platform: p.platform,
        exception: p.exception,
        ...(p.threads ? { threads: p.threads } : {}),
        ...(p.fingerprint ? { fingerprint: p.fingerprint } : {}),
      };
    }),
  };
}

test.each(conformanceFiles())('%s passes the telemetry spec unchanged (the payloads are events ingest accepts)', (file) => {
  const check = checkBatch(batchOf(loadPayloads(file)));
  expect(check.batchViolations).toEqual([]);
  expect(check.events.flatMap((e) => e.violations)).toEqual([]);
});

test('recursion counts once: a stack overflow cut at another depth is the same group', () => {
  const frame = { module: 'com.example.vigilbank.Tree', function: 'walk', filename: 'Tree.kt', in_app: true };
  const overflow = (depth: number, line: number) =>
    groupCrash({
      eventId: `so-${depth}`,
      name: 'app_crash',
      kind: 'crash',
      timestamp: '2026-11-20T10:00:00Z',
      release: 'r',
      platform: 'java',
      exception: {
        values: [
          {
            type: 'StackOverflowError',
            mechanism: { type: 'UncaughtExceptionHandler', handled: false },
            stacktrace: {
              frames: [
                { module: 'com.example.vigilbank.Main', function: 'run', in_app: true },
                ...Array.from({ length: depth }, () => ({ ...frame, lineno: line })),
              ],
            },
          },
        ],
      },
    });
  expect(overflow(120, 10).groupId).toBe(overflow(480, 11).groupId);
  expect(overflow(120, 10).components).toEqual([
    'type:StackOverflowError',
    'frame:com.example.vigilbank.Main|run',
    'frame:com.example.vigilbank.Tree|walk',
  ]);
});

test('unsymbolicated native frames (an address and an image) add nothing; symbolicated ones group', () => {
  const ios = loadPayloads('ios-crash-threads.json')[0]!;
  const event = crashEvent(ios);
  const frames = event.threads!.values[0]!.stacktrace!.frames;
  const unsymbolicated = {
    ...event,
    threads: {
      values: [
        {
          ...event.threads!.values[0]!,
          stacktrace: { frames: [...frames.slice(0, 4), { ...frames[4]!, function: null }, frames[5]!] },
        },
      ],
    },
  };
  expect(groupCrash(unsymbolicated).components).toEqual(['type:EXC_BAD_ACCESS', 'frame:VigilBank|LoginViewController.submit(_:)']);
});
