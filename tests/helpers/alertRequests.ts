/**
 * The alert requests among the lines of a replay's `opsgenie.jsonl`, without the heartbeat's pings
 * (functions/heartbeat pings on event time during every replay: README.md, out/opsgenie.jsonl).
 */
export function withoutHeartbeatPings<T>(requests: readonly T[]): T[] {
  return requests.filter((r) => !String((r as { url?: unknown }).url).includes('/v2/heartbeats/'));
}
