/**
 * Errors of the replay input layer. `ReplayError` is the base; anything that stops a replay run
 * (the CLI prints the message and exits non-zero) is a `ReplayInputError`. A bad *record* is never
 * an error: it is yielded as a quarantined item and reading goes on.
 */
class ReplayError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReplayError';
  }
}

/** An input path that does not exist, cannot be read, or holds nothing to replay. */
class ReplayInputError extends ReplayError {
  /** The path as the user gave it (or as found while walking a directory). */
  readonly path: string;

  constructor(path: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReplayInputError';
    this.path = path;
  }

  /** `cannot read "x": ENOENT: no such file or directory` from a Node fs error. */
  static fromFsError(path: string, err: unknown): ReplayInputError {
    return new ReplayInputError(path, `cannot read "${path}": ${describeFsError(err)}`, { cause: err });
  }
}

/** A CloudTrail record that cannot be given an EventBridge envelope (missing eventSource, ...). */
class CloudTrailWrapError extends ReplayError {
  constructor(message: string) {
    super(message);
    this.name = 'CloudTrailWrapError';
  }
}

/** The message of anything thrown (errors from Node core may come from another realm: no instanceof). */
function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

/** Node's fs messages end with ", <syscall> '<path>'": the path is already in our message. */
function describeFsError(err: unknown): string {
  return errorMessage(err).replace(/, [a-z]+ '.*'$/s, '');
}

export { ReplayError, ReplayInputError, CloudTrailWrapError, describeFsError, errorMessage };
