const registry = globalThis as Record<string, unknown>;
// Module load: the function's cold start, under the environment the runtime applied for it.
((registry.__coldStarts ??= []) as unknown[]).push({ function: 'pinger', outbox: process.env.OUTBOX_TABLE });

export const handler = async (event: { time: string }) => {
  ((registry.__pings ??= []) as string[]).push(event.time);
  return { ok: true };
};
