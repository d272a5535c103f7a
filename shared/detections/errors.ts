/** Base error of the detections module. */
export class DetectionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DetectionError';
  }
}

/** The registered detections do not fit together (a duplicate id, a sequence after an unknown detection). */
export class DetectionRegistryError extends DetectionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DetectionRegistryError';
  }
}
