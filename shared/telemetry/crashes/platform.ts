/** Platform families the grouping rules tell apart (Sentry's platform names, and the app platforms mapped onto them). */
export type PlatformFamily = 'javascript' | 'java' | 'cocoa' | 'native' | 'go' | 'python' | 'other';

const FAMILIES: Readonly<Record<string, PlatformFamily>> = {
  javascript: 'javascript',
  node: 'javascript',
  web: 'javascript',
  java: 'java',
  groovy: 'java',
  android: 'java',
  cocoa: 'cocoa',
  objc: 'cocoa',
  ios: 'cocoa',
  native: 'native',
  c: 'native',
  go: 'go',
  python: 'python',
};

const BY_EXTENSION: ReadonlyArray<[RegExp, PlatformFamily]> = [
  [/\.(?:[cm]?js|jsx|tsx?|bundle|vue|svelte)$/i, 'javascript'],
  [/\.(?:java|kt|kts|scala|groovy)$/i, 'java'],
  [/\.(?:swift|mm?)$/i, 'cocoa'],
  [/\.go$/i, 'go'],
  [/\.py$/i, 'python'],
];

/**
 * The family of a frame: its own platform (a React Native stack mixes JavaScript and native frames),
 * else what its file name says, else the event's platform.
 */
export function platformFamily(
  framePlatform: string | null | undefined,
  filename: string | null | undefined,
  eventPlatform?: string | null,
): PlatformFamily {
  const own = framePlatform ? FAMILIES[framePlatform] : undefined;
  if (own) return own;
  const path = filename?.replace(/[?#].*$/s, '');
  if (path) {
    for (const [pattern, family] of BY_EXTENSION) if (pattern.test(path)) return family;
  }
  return (eventPlatform && FAMILIES[eventPlatform]) || 'other';
}
