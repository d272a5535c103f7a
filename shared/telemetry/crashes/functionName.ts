import type { PlatformFamily } from './platform';

/*
 * Function names as grouping compares them. The same JavaScript function is named differently by each
 * engine (what the Sentry browser SDK reports for one stack):
 *   Chrome, Edge  `Test.baz`, `Object.foo`, `async CardService.load`, `new Foo`, `foo [as bar]`, `?`
 *   Firefox       `baz`, `qux/<` (an anonymous function in qux), `outer/inner`, `foo<`, `async*foo` (an async caller)
 *   Safari        `baz`, `global code`, `?`
 * so a JavaScript name is cut to its own last part, and the anonymous forms are no name at all (the
 * frame then groups by its file alone). Other platforms keep their names, with the parts compilers
 * number per build (Java lambdas `lambda$onClick$0`) made constant. `undefined`: no usable name.
 */

const ANONYMOUS = new Set([
  '',
  '?',
  '<anonymous>',
  'anonymous',
  '<anonymous function>',
  'Anonymous function',
  'global code',
  'eval code',
  'module code',
  '<unknown>',
  '<redacted>',
  'Object.<anonymous>',
]);

function javascriptName(raw: string): string | undefined {
  let name = raw.replace(/\s*\[as [^\]]*\]$/, '').replace(/^(?:async\*)+/, '');
  while (/^(?:async|new|get|set|static)\s+/.test(name)) name = name.replace(/^\S+\s+/, '');
  if (/\/<+$/.test(name) || ANONYMOUS.has(name)) return undefined;
  name = name.replace(/<+$/, '');
  name = name.slice(name.lastIndexOf('/') + 1);
  if (name.endsWith('.<anonymous>')) return undefined;
  name = name.slice(name.lastIndexOf('.') + 1);
  return name === '' || ANONYMOUS.has(name) ? undefined : name;
}

export function normaliseFunctionName(raw: string | null | undefined, family: PlatformFamily): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.trim().replace(/^at\s+/, '');
  if (ANONYMOUS.has(name) || /^0x[0-9a-f]+$/i.test(name)) return undefined;
  switch (family) {
    case 'javascript':
      return javascriptName(name);
    case 'java':
      return name.replace(/\$\d+/g, () => '$').replace(/\$\$Lambda.*$/, () => '$$Lambda');
    case 'python':
      return name === '<module>' ? name : name.replace(/^<lambda_\d+>$/, '<lambda>');
    default:
      return name;
  }
}

/** A module as grouping compares it: Java and Kotlin synthetic classes numbered per build made constant. */
export function normaliseModule(raw: string | null | undefined, family: PlatformFamily): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const module = raw.trim();
  if (family !== 'java') return module;
  return module
    .replace(/\$\$((?:EnhancerBy|FastClassBy)\w*CGLIB)\$\$[0-9a-f]+/g, (_, kind: string) => `$$${kind}`)
    .replace(/(GeneratedMethodAccessor|GeneratedConstructorAccessor|\$Proxy)\d+$/, (_, name: string) => name)
    .replace(/\$\$Lambda(?:\$[^.]*)?(?:\/0x[0-9a-f]+)?$/i, () => '$$Lambda')
    .replace(/\$\d+/g, () => '$');
}
