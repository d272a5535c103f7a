export { ConfigError } from './errors';
export { readConfig } from './readConfig';
export { BaseConfigSchema, jsonObject, requiredString } from './schemas';
export type { BaseConfig } from './schemas';
