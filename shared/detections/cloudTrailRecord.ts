/**
 * The part of a CloudTrail record the detections read. Structural on purpose: the zod schema in
 * events/schemas validates the whole record before any detection sees it.
 */
export interface CloudTrailUserIdentity {
  type?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
  principalId?: string;
  invokedBy?: string;
  sessionContext?: {
    attributes?: { mfaAuthenticated?: string; creationDate?: string };
    sessionIssuer?: { type?: string; arn?: string; userName?: string };
  };
}

export interface CloudTrailRecordLike {
  eventSource: string;
  eventName: string;
  eventTime: string;
  awsRegion: string;
  eventID: string;
  userIdentity: CloudTrailUserIdentity;
  eventType?: string;
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  recipientAccountId?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown> | null;
}

/** "success" in the catalogue: the record has neither errorCode nor errorMessage. */
export function succeeded(record: CloudTrailRecordLike): boolean {
  return !record.errorCode && !record.errorMessage;
}

/** The acting principal, as precise as the record allows. */
export function actorOf(record: CloudTrailRecordLike): string {
  const id = record.userIdentity;
  return id.arn ?? id.sessionContext?.sessionIssuer?.arn ?? id.userName ?? id.principalId ?? id.type ?? 'unknown';
}
