export class FieldEncryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FieldEncryptionError';
  }
}

/** The sealed value is not one this module wrote, or its context (AAD) does not match. */
export class FieldDecryptionError extends FieldEncryptionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FieldDecryptionError';
  }
}
