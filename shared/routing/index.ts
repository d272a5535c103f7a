export { AlertRouter } from './AlertRouter';
export type { AlertRouterOptions } from './AlertRouter';
