export { FieldDecryptionError, FieldEncryptionError } from './errors';
export { encodeFieldContext } from './fieldContext';
export type { FieldContext } from './fieldContext';
export { FieldEncryptor } from './FieldEncryptor';
export type { FieldEncryptorOptions } from './FieldEncryptor';
