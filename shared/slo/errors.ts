/** Base class of every error the SLO module throws on purpose. */
export class SloError extends Error {
  override readonly name: string = 'SloError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** An SLO or a burn-rate policy out of its domain: a target outside (0, 1), a short window longer than its long one, ... */
export class InvalidSloError extends SloError {
  override readonly name: string = 'InvalidSloError';
}

/** A minute's counts that cannot be: negative, bad above total, not finite. */
export class InvalidMinuteCountError extends SloError {
  override readonly name: string = 'InvalidMinuteCountError';
}

/** The bucket store could not read or write. */
export class SloStoreError extends SloError {
  override readonly name: string = 'SloStoreError';
}
