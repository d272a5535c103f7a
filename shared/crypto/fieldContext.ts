/**
 * What a sealed value is bound to. It is the AES-GCM additional data of every record, so a
 * ciphertext copied to another table, item or field no longer opens.
 */
export interface FieldContext {
  table: string;
  key: string;
  fields: string[];
  schemaVersion: number;
}

export function encodeFieldContext(context: FieldContext): Buffer {
  const canonical = JSON.stringify({
    table: context.table,
    key: context.key,
    fields: [...context.fields].sort(),
    schemaVersion: context.schemaVersion,
  });
  return Buffer.from(canonical, 'utf8');
}
