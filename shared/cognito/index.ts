export { AuthEventBusPublisher, CognitoAuthBridge, LOG_EVENT_LABEL, LOG_PAYLOAD_LABEL } from './CognitoAuthBridge';
export type { AuthEventBusPublisherOptions, AuthEventPublisher, BridgeOutcome, CognitoAuthBridgeOptions } from './CognitoAuthBridge';
export { CognitoBridgeError, CognitoPublishError } from './errors';
export { DEFAULT_USER_AUTH_EVENTS_LOG_GROUP } from './logGroup';
export { authEventEntry, bridgeAuthEvent, readLogEvent, regionOfUserPool, userPoolArn, verdictOf } from './userAuthEvent';
export type { BridgedAuthEvent, LogEventPlace, LogEventReading } from './userAuthEvent';
