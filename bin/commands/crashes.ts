import { parseArgs } from 'node:util';
import { ReplayError } from '../../infra/local/replay';
import { type CrashEventInput, type CrashSummary, summariseCrashes } from '../../shared/telemetry/crashes';
import { type CaptureTally, emptyCaptureTally, storedEventsFromCaptures } from './telemetryCaptures';
import { crashesIssueCommand } from './crashesIssue';
import { STORE_OPTIONS, STORE_USAGE, storeOf, storedTelemetryEvents } from './storedTelemetry';
import { TelemetryCliUsageError } from './telemetryTarget';
import type { Command } from './types';

const USAGE = `usage: vigil crashes (--input FILE... | --data-dir DIR | --stage S --region R) [--release R] [--json]
       vigil crashes (resolve | ignore) --group ID ...   (vigil crashes resolve --help)

Groups the crash and error events of telemetry captures as Sentry groups them (docs/crashes.md): a
fingerprint when the event has one, else the in-app frames of the stack, else the exception's type and
value. Captures are what \`vigil replay\` reads (files or directories of EventBridge "App Telemetry Batch"
events: JSON, JSON Lines, .gz); only events that pass the telemetry spec count. With --data-dir or
--stage it reads the telemetry store instead: the events app-telemetry accepted and kept.

Prints each group with its events, crashes (unhandled), users affected, and first and last release seen,
then crash-free sessions and users per release.

options:
  --input FILE   a capture file or directory (repeat it, or list several after it)
${STORE_USAGE}
  --release R    only the events of release R
  --json         {"groups": [{"groupId", "title", "count", "users", "releases": {"first", "last"},
                 "eventIds"}]}: most events first, eventIds the first 100 by event time
  -h, --help     this help

Users are counted by a pseudonym made for the run; no user id is printed.
Exit codes: 0 done; 2 bad usage or an input that cannot be read.
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The groups as --json prints them. */
export function crashesJson(summary: CrashSummary) {
  return {
    groups: summary.groups.map((g) => ({
      groupId: g.groupId,
      title: g.title,
      count: g.count,
      users: g.users,
      releases: { first: g.releases.first, last: g.releases.last },
      eventIds: [...g.eventIds],
    })),
  };
}

const rate = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(2)}%`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The groups and release health for reading. */
export function crashesText(summary: CrashSummary): string {
  if (summary.groups.length === 0 && summary.releases.length === 0) return 'no telemetry events\n';
  const groups = table(
    ['GROUP', 'EVENTS', 'CRASHES', 'USERS', 'FIRST RELEASE', 'LAST RELEASE', 'TITLE'],
    summary.groups.map((g) => [g.groupId, String(g.count), String(g.crashes), String(g.users), g.releases.first, g.releases.last, g.title]),
  );
  const releases = table(
    ['RELEASE', 'SESSIONS', 'CRASHED', 'CRASH-FREE SESSIONS', 'USERS', 'CRASH-FREE USERS'],
    summary.releases.map((r) => [
      r.release,
      String(r.sessions),
      String(r.crashedSessions),
      rate(r.crashFreeSessions),
      String(r.users),
      rate(r.crashFreeUsers),
    ]),
  );
  const none = summary.groups.length === 0 ? 'no crash or error events\n' : `${groups}\n`;
  return `${none}\n${releases}\n`;
}

const many = (n: number, one: string, more = `${one}s`) => `${n} ${n === 1 ? one : more}`;

function describeCounts(c: CaptureTally, fromStore: boolean): string {
  if (fromStore) return `${many(c.accepted, 'stored event')} read`;
  const parts = [`${many(c.accepted, 'event')} from ${many(c.batches, 'telemetry batch', 'telemetry batches')}`];
  if (c.quarantined > 0) parts.push(`${many(c.quarantined, 'event')} left out: breaking the telemetry spec`);
  if (c.unreadable > 0) parts.push(`${many(c.unreadable, 'unreadable record')} left out`);
  if (c.other > 0) parts.push(`${many(c.other, 'other event')} ignored`);
  return parts.join('; ');
}

/** The events to group, and what reading them left out (counted while the events are read). */
export type CrashesSource = (inputs: string[], counts: CaptureTally) => AsyncIterable<CrashEventInput>;

/** The command over a source of events (captures by default; the lead's --data-dir plugs a store query in here). */
export function crashesCommandWith(source: CrashesSource): Command {
  return {
    summary: 'group crash and error events of telemetry captures, with crash-free rates per release',
    async run(argv) {
      if (argv[0] === 'resolve' || argv[0] === 'ignore') return crashesIssueCommand(argv[0], argv.slice(1));
      try {
        const { values, positionals } = parseArgs({
          args: argv,
          allowPositionals: true,
          options: {
            input: { type: 'string', multiple: true },
            release: { type: 'string' },
            json: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
            ...STORE_OPTIONS,
          },
        });
        if (values.help) {
          process.stdout.write(USAGE);
          return 0;
        }
        const inputs = [...(values.input ?? []), ...positionals];
        const store = storeOf(values);
        const fromStore = store !== undefined;
        if (fromStore && inputs.length > 0) throw new UsageError('give --input FILE or a store (--data-dir, --stage), not both');
        if (!fromStore && (values.input ?? []).length === 0)
          throw new UsageError('--input FILE (or --data-dir DIR, or --stage S --region R) is required');
        if (values.release !== undefined && values.release.trim() === '') throw new UsageError('--release needs a release name');
        const counts = emptyCaptureTally();
        const events = fromStore ? counted(storedTelemetryEvents(store), counts) : source(inputs, counts);
        const summary = await summariseCrashes(events, { release: values.release });
        process.stdout.write(values.json ? `${JSON.stringify(crashesJson(summary), null, 2)}\n` : crashesText(summary));
        process.stderr.write(`vigil crashes: ${describeCounts(counts, fromStore)}\n`);
        return 0;
      } catch (error) {
        const usage =
          error instanceof UsageError ||
          error instanceof TelemetryCliUsageError ||
          (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
        if (!usage && !(error instanceof ReplayError)) throw error;
        process.stderr.write(`vigil crashes: ${(error as Error).message}\n${usage ? `\n${USAGE}` : ''}`);
        return 2;
      }
    },
  };
}

/** The store's events, counted as they are read (the store holds only accepted events). */
async function* counted(events: AsyncIterable<CrashEventInput>, counts: CaptureTally): AsyncGenerator<CrashEventInput> {
  for await (const event of events) {
    counts.accepted += 1;
    yield event;
  }
}

export const crashesCommand: Command = crashesCommandWith(storedEventsFromCaptures);
