'use strict';
/**
 * Removes the zip staging folders serverless-esbuild leaves in the system temp directory.
 *
 * Why: serverless-esbuild 1.57 (node_modules/serverless-esbuild/dist/utils.js, `zip`) copies every
 * function's bundle into `<tmpdir>/<zip name>-<pid>-<ms>-<8 hex>` before zipping, and releases it with
 * `safeFileRemove` (dist/utils/effect-fs.js), which calls the file-system `remove` without
 * `recursive: true`: the folder is never empty, the removal fails, and the error is swallowed. So every
 * `serverless package` or `deploy` left one folder of about 5 MB per function. The plugin has no option
 * for the location (it uses os.tmpdir()) or for the staging step, hence this hook.
 *
 * Only folders this process made are removed: the name must be one of the service's zip names
 * (function keys, or the service name when not packaged individually) followed by this process's pid.
 * Listed after serverless-esbuild in serverless.yml `plugins`, so its hooks run after the plugin's.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

class EsbuildTempCleanup {
  constructor(serverless, _options, utils) {
    this.serverless = serverless;
    this.log = utils?.log;
    const cleanup = () => this.cleanup();
    this.hooks = {
      'after:package:createDeploymentArtifacts': cleanup,
      'after:deploy:function:packageFunction': cleanup,
    };
  }

  cleanup() {
    const service = this.serverless.service;
    const zipNames = new Set([service.service, ...Object.keys(service.functions ?? {})]);
    const ours = new RegExp(`^(.+)-${process.pid}-\\d+-[0-9a-f]{8}$`);
    const tmp = os.tmpdir();
    let removed = 0;
    for (const entry of fs.readdirSync(tmp, { withFileTypes: true })) {
      const match = ours.exec(entry.name);
      if (!entry.isDirectory() || !match || !zipNames.has(match[1])) continue;
      fs.rmSync(path.join(tmp, entry.name), { recursive: true, force: true });
      removed += 1;
    }
    this.log?.verbose(`esbuild-temp-cleanup: removed ${removed} staging folder(s) from ${tmp}`);
  }
}

module.exports = EsbuildTempCleanup;
