/** Base class of every error this module throws on purpose. */
export class EventPatternError extends Error {
  override readonly name: string = 'EventPatternError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The pattern is not a valid EventBridge event pattern. `message` is the reason exactly as event-ruler
 * (and so EventBridge, after its "Event pattern is not valid. Reason: " prefix) words it.
 */
export class InvalidEventPatternError extends EventPatternError {
  override readonly name: string = 'InvalidEventPatternError';
}
