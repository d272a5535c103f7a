export * from './catalogue';
export { shapeOf, zodFor } from './compile';
export * from './envelope';
export * from './fields';
export * from './sentryException';
export * from './spec';
export type * from './types';
export * from './validate';
