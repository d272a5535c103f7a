export { ConfigError } from './errors';
export { readConfig } from './readConfig';
export {
  BaseConfigSchema,
  DetectorConfigSchema,
  ModelMonitorConfigSchema,
  RelayConfigSchema,
  RouterConfigSchema,
} from './schemas';
export type { BaseConfig, DetectorConfig, ModelMonitorConfig, RelayConfig, RouterConfig } from './schemas';
