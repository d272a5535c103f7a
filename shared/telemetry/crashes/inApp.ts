import type { SentryFrame } from '../../../events/telemetry';
import type { PlatformFamily } from './platform';

/*
 * Frames of the platform, the SDK and third-party libraries are never the app's own code, even when
 * the SDK left `in_app` unset (or set it wrongly: like Sentry's built-in stack trace rules, these
 * patterns win over the SDK's flag). What matches none of them follows `in_app`, and an unmarked
 * frame is the app's.
 */

/** Frameworks of the system, the SDK and React Native that an app bundle may carry. */
const SYSTEM_FRAMEWORKS = [
  'Foundation',
  'UIKit',
  'UIKitCore',
  'CoreFoundation',
  'SwiftUI',
  'Sentry',
  'GraphicsServices',
  'QuartzCore',
  'React',
  'hermes',
];

/** Paths and URLs of dependencies, vendored code, runtimes and system images, on every platform. */
const THIRD_PARTY_PATHS: readonly RegExp[] = [
  /(?:^|[/\\])node_modules[/\\]/,
  /(?:^|[/\\])(?:vendor|bower_components|jspm_packages)[/\\]/,
  /(?:^|[/\\])Pods[/\\]/,
  /(?:^|[/\\])Carthage[/\\]/,
  /(?:^|[/\\])(?:site|dist)-packages[/\\]/,
  /(?:^|[/\\])lib[/\\]python\d(?:\.\d+)?[/\\]/,
  /(?:^|[/\\])go[/\\]pkg[/\\]mod[/\\]/,
  /(?:^|[/\\])(?:usr[/\\]local[/\\]go|go[/\\]src|goroot)[/\\]/i,
  /^\/System\/Library\//,
  /^\/usr\/lib\//,
  /^\/Developer\//,
  new RegExp(`\\.framework/(?:Versions/[^/]+/)?(?:${SYSTEM_FRAMEWORKS.join('|')})$`),
  /(?:^|\/)(?:libsystem_[a-z_]+|libdispatch|libobjc\.A|libswiftCore|libc\+\+(?:abi)?|dyld)(?:\.dylib)?$/,
  /(?:^|[/\\])(?:sentry|@sentry)[/\\]/i,
  /\/(?:bundle|static)\/sentry[^/]*\.js$/i,
  /^(?:\[native code\]|<anonymous>|native|<unknown>|<internal:[^>]*>)$/,
  /^node:/,
];

/** Native functions of React Native and Hermes (linked into the app's binary, so its image does not tell). */
const THIRD_PARTY_FUNCTIONS = /^(?:[-+]\[RCT|facebook::(?:react|jsi|hermes)::|hermes::)/;
/** Java, Kotlin and Android modules (class names) of the platform and common libraries. */
const JAVA_PLATFORM_PACKAGES = [
  'java',
  'javax',
  'jdk',
  'sun',
  'com.sun',
  'kotlin',
  'kotlinx',
  'android',
  'androidx',
  'dalvik',
  'libcore',
  'com.android',
  'com.google.android',
  'org.jetbrains',
  'okhttp3',
  'okio',
  'retrofit2',
  'io.reactivex',
  'rx',
  'com.squareup',
  'io.sentry',
  'com.facebook.react',
  'org.chromium',
];
const THIRD_PARTY_JAVA = new RegExp(`^(?:${JAVA_PLATFORM_PACKAGES.map((p) => p.replaceAll('.', '\\.')).join('|')})\\.`);
/** Python: the SDK, and modules of the standard library (when no path says where they are). */
const PYTHON_SDK = /^sentry_sdk(?:\.|$)/;
const PYTHON_STANDARD = /^(?:asyncio|concurrent|threading|logging|json|importlib|multiprocessing|socketserver|http|urllib|wsgiref)(?:\.|$)/;
/** Go: the runtime and the standard library (an import path whose first element has no dot), the SDK. */
const GO_STANDARD = /^(?!main$)[a-z0-9_]+(?:\/[a-z0-9_]+)*$/;
const GO_SDK = /^github\.com\/getsentry\//;
/** JavaScript modules that are the SDK's or the framework's, when the SDK names a module. */
const THIRD_PARTY_JS_MODULE = /^(?:@sentry\/|react-native\/|react-dom|scheduler(?:\/|$)|zone\.js)/;

function matchesAnyPath(frame: SentryFrame): boolean {
  for (const path of [frame.abs_path, frame.filename, frame.package]) {
    if (path && THIRD_PARTY_PATHS.some((p) => p.test(path))) return true;
  }
  return false;
}

/**
 * Module rules. Java packages and the SDKs are certain. The Go standard library (an import path with no dot)
 * and Python's standard modules are guesses from a name an app may use too (a Go module `ledger/api`, a
 * Python package `http`): they apply only when the SDK did not mark the frame in-app.
 */
function thirdPartyModule(frame: SentryFrame, module: string, family: PlatformFamily): boolean {
  const unmarked = frame.in_app !== true;
  switch (family) {
    case 'java':
      return THIRD_PARTY_JAVA.test(module);
    case 'python':
      return PYTHON_SDK.test(module) || (unmarked && PYTHON_STANDARD.test(module));
    case 'go':
      return GO_SDK.test(module) || (unmarked && GO_STANDARD.test(module));
    case 'javascript':
      return THIRD_PARTY_JS_MODULE.test(module);
    default:
      return THIRD_PARTY_JAVA.test(module);
  }
}

/** True when the frame is a library's, the SDK's or the platform's (for the certain rules, whatever its `in_app` says). */
export function isThirdPartyFrame(frame: SentryFrame, family: PlatformFamily): boolean {
  if (matchesAnyPath(frame)) return true;
  if (typeof frame.function === 'string' && THIRD_PARTY_FUNCTIONS.test(frame.function)) return true;
  return typeof frame.module === 'string' && frame.module.length > 0 && thirdPartyModule(frame, frame.module, family);
}

/** Whether the frame is the app's own code. */
export function isInAppFrame(frame: SentryFrame, family: PlatformFamily): boolean {
  if (isThirdPartyFrame(frame, family)) return false;
  return frame.in_app !== false;
}
