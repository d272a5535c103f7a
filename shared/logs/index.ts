export { LogPayloadError, LogSubscriptionError } from './errors';
export type { LogPayloadProblem } from './errors';
export { MAX_INFLATED_PAYLOAD_BYTES, decodeSubscriptionData, encodeSubscriptionData, parsePayload } from './subscriptionPayload';
