import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';

/**
 * OpsGenie's own definitions (tests/conformance/opsgenie-alert-api.schema.json, from opsgenie/opsgenie-oas;
 * see tests/conformance/OPSGENIE.md), compiled once. Swagger's `float` and `int32` formats only annotate a
 * number's width; `date-time` is checked as RFC 3339.
 */
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('float', { type: 'number', validate: () => true });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
ajv.addSchema(JSON.parse(readFileSync(join(__dirname, '../conformance/opsgenie-alert-api.schema.json'), 'utf8')));

export type OpsGenieDefinition =
  | 'CreateAlertPayload'
  | 'CloseAlertPayload'
  | 'AcknowledgeAlertPayload'
  | 'AddNoteToAlertPayload'
  | 'SuccessResponse'
  | 'GetRequestStatusResponse'
  | 'ErrorResponse';

/** The schema's errors for `value` as `definition` (empty when it conforms). */
export function opsGenieSchemaErrors(definition: OpsGenieDefinition, value: unknown): ErrorObject[] {
  const validate = ajv.getSchema(`opsgenie-alert-api#/definitions/${definition}`);
  if (!validate) throw new Error(`no definition ${definition}`);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
