/** The EventBridge event envelope, as EventBridge delivers it to a target. */
export interface EventBridgeEvent<TDetail = unknown, TDetailType extends string = string> {
  version: string;
  id: string;
  'detail-type': TDetailType;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
  'replay-name'?: string;
}
