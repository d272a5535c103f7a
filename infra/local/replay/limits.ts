import type { EventBridgeEvent } from '../../../shared/events/envelope';

/**
 * What EventBridge itself refuses, so a replay refuses it too instead of handing the functions an
 * event production could never deliver (PutEvents API reference: "PutEvents will only process nested
 * JSON up to 1000 levels deep"; "The maximum size for a PutEvents event entry is 256 KB", sized as
 * in "Calculating PutEvents event entry size").
 *
 * The depth limit also keeps the replay itself safe: recursive code on the way (JSON.stringify of an
 * SQS body, the canonical JSON of a record without eventID) overflows the stack a few thousand
 * levels down.
 */
const EVENTBRIDGE_MAX_DEPTH = 1000;
const EVENTBRIDGE_MAX_EVENT_BYTES = 256 * 1024;

/**
 * True when `value` nests objects/arrays more than `max` levels deep (`{}` and `[]` are one level).
 * Iterative, so any depth is measured without recursion; stops as soon as the limit is passed.
 */
function nestsDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    const depth = depths.pop()!;
    if (depth > max) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * The event's size as a PutEvents entry: Time 14 bytes, then the UTF-8 bytes of source,
 * detail-type, detail (as JSON) and each resource.
 */
function eventEntryBytes(event: EventBridgeEvent): number {
  let size = 14 + Buffer.byteLength(event.source, 'utf8') + Buffer.byteLength(event['detail-type'], 'utf8');
  size += Buffer.byteLength(JSON.stringify(event.detail) ?? '', 'utf8');
  for (const r of event.resources) size += Buffer.byteLength(r, 'utf8');
  return size;
}

/**
 * Why EventBridge could not carry this event, or undefined. `textLength` (UTF-16 units of the JSON
 * text the event was read from), when known, spares the serialisation for the usual small event: a
 * JSON text expands at most ~5.3 times when re-serialised as UTF-8 ("1e20" gives 21 digits).
 */
function eventBridgeSizeProblem(event: EventBridgeEvent, textLength?: number, maxBytes = EVENTBRIDGE_MAX_EVENT_BYTES): string | undefined {
  if (textLength !== undefined && textLength * 6 < maxBytes) return undefined;
  const bytes = eventEntryBytes(event);
  if (bytes < maxBytes) return undefined;
  return `event too large for EventBridge: ${bytes} bytes as a PutEvents entry, the limit is ${maxBytes} (256 KB)`;
}

export { EVENTBRIDGE_MAX_DEPTH, EVENTBRIDGE_MAX_EVENT_BYTES, nestsDeeperThan, eventEntryBytes, eventBridgeSizeProblem };
