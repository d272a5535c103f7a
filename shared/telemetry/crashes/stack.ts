import type { SentryExceptionValue, SentryFrame } from '../../../events/telemetry';
import type { CrashEventInput } from './types';

/**
 * The frames of each exception of the chain, oldest first: its own stack trace, else the stack of its
 * thread (`threads`, where Cocoa and Android ANR reports put it): the thread `thread_id` names, else the
 * crashed one, else the current one. A thread's stack goes to the exceptions naming it, or, when none
 * names a thread, to the last exception (the one thrown).
 */
export function exceptionFrames(event: Pick<CrashEventInput, 'exception' | 'threads'>): ReadonlyArray<readonly SentryFrame[]> {
  const values = event.exception?.values ?? [];
  const threads = event.threads?.values ?? [];
  const anyThreadId = values.some((v) => v.thread_id !== undefined && v.thread_id !== null);
  return values.map((value, index) => {
    const own = value.stacktrace?.frames;
    if (own && own.length > 0) return own;
    if (!anyThreadId && index !== values.length - 1) return [];
    return threadFor(value, threads)?.stacktrace?.frames ?? [];
  });
}

function threadFor(value: SentryExceptionValue, threads: NonNullable<CrashEventInput['threads']>['values']) {
  const id = value.thread_id;
  if (id !== undefined && id !== null) {
    const named = threads.find((t) => t.id !== undefined && t.id !== null && String(t.id) === String(id));
    if (named) return named;
  }
  return threads.find((t) => t.crashed === true) ?? threads.find((t) => t.current === true);
}
