/** Base error of the Cognito threat-protection bridge. */
export class CognitoBridgeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CognitoBridgeError';
  }
}

/**
 * Some auth events could not be put on the Vigil bus. The invocation fails so that Lambda retries it;
 * the events already published are not published again (the handler's idempotency on the event id).
 */
export class CognitoPublishError extends CognitoBridgeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CognitoPublishError';
  }
}
