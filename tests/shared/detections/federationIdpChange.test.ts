import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const id = 'federation-idp-change';
const hits = (event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const saml = 'arn:aws:iam::111122223333:saml-provider/Okta';
const ssoServiceRole = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSSO/AWS-SSO',
  invokedBy: 'sso.amazonaws.com',
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO' },
  },
};
const createSaml = (extra = {}) =>
  cloudTrailEvent({
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateSAMLProvider',
    requestParameters: { name: 'Okta', sAMLMetadataDocument: '<xml/>' },
    responseElements: { sAMLProviderArn: saml },
    ...extra,
  });

describe(id, () => {
  test('CreateSAMLProvider raises a high finding on the provider, without its metadata', () => {
    const [hit] = hits(createSaml());
    expect(hit).toMatchObject({ severity: 'high', subject: saml, dedupKey: `111122223333:${saml}`, resources: [saml] });
    expect(JSON.stringify(hit.evidence)).not.toContain('xml');
  });

  test.each([
    ['iam.amazonaws.com', 'DeleteSAMLProvider', { sAMLProviderArn: saml }],
    ['iam.amazonaws.com', 'CreateOpenIDConnectProvider', { url: 'https://token.actions.githubusercontent.com' }],
    ['sso-directory.amazonaws.com', 'DisableExternalIdPConfigurationForDirectory', {}],
    ['sso.amazonaws.com', 'AssociateDirectory', { directoryId: 'd-1234567890' }],
  ])('%s %s raises', (eventSource, eventName, requestParameters) => {
    expect(hits(cloudTrailEvent({ eventSource, eventName, requestParameters }))).toHaveLength(1);
  });

  test('IAM Identity Center provisioning its own provider is skipped unless the parameter says otherwise', () => {
    expect(hits(createSaml({ userIdentity: ssoServiceRole }))).toEqual([]);
    const engine = new DetectionEngine(DETECTIONS, { [id]: { parameters: { ignoreIdentityCenterProvisioning: false } } });
    expect(hits(createSaml({ userIdentity: ssoServiceRole }), engine)).toHaveLength(1);
  });

  test('other IAM calls and allowed callers raise nothing', () => {
    expect(hits(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'ListSAMLProviders' }))).toEqual([]);
    const engine = new DetectionEngine(DETECTIONS, { [id]: { parameters: { allowedCallers: ['arn:aws:iam::111122223333:user/alice'] } } });
    expect(hits(createSaml(), engine)).toEqual([]);
  });
});
