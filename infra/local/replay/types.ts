import type { CloudWatchLogsPayload } from '../../../events/schemas/cloudWatchLogs';
import type { EventBridgeEvent } from '../../../shared/events/envelope';

/** Where an item came from: the file, the 1-based physical line it starts on, the 0-based index in its array. */
type Origin = { file: string; line?: number; index?: number };

/**
 * One item read from a replay input: an EventBridge event (given as such, or a raw CloudTrail record
 * wrapped the way EventBridge wraps it), a CloudWatch Logs subscription payload (decoded when given as
 * `{"awslogs": {"data": ...}}`: it goes to the functions subscribed to its log group), or something
 * that could not be used, with the reason.
 */
type ReplayItem =
  | { kind: 'event'; event: EventBridgeEvent; origin: Origin }
  | { kind: 'logs'; payload: CloudWatchLogsPayload; origin: Origin }
  | {
      kind: 'quarantined';
      /** e.g. `line 7: invalid JSON: ...`, `index 3: not an EventBridge event or CloudTrail record (missing "detail-type")` */
      reason: string;
      /** The offending text, cut to 2 KB. */
      raw: string;
      origin: Origin;
    };

/** A directory a walk leaves out, and the reason it gives ("skipped: <why>"). */
interface ExcludedDir {
  dir: string;
  why: string;
}

type ReadReplayOptions = {
  /** Called when a file is about to be read, with its size on disk. */
  onFile?(path: string, bytes: number): void;
  /** Called as bytes are read from disk (compressed bytes for .gz): for a progress bar over `inputSizeBytes`. */
  onBytes?(n: number): void;
  /** A note, not an error: a directory entry that is not JSON (README.md) or an empty file was skipped. */
  onSkip?(path: string, reason: string): void;
  /**
   * Quarantine events larger than this as a PutEvents entry (EventBridge: 256 KB), as the embedded
   * replay does; unset, they are yielded (--to-bus leaves the verdict to the bus).
   */
  maxEventBytes?: number;
  /**
   * Directories not walked when met inside an input directory, each with why (`--s3-dir`: S3 objects, not
   * events; the replay's own `--out` and `--data-dir`: what it writes).
   */
  exclude?: readonly ExcludedDir[];
};

export type { ExcludedDir, Origin, ReplayItem, ReadReplayOptions };
