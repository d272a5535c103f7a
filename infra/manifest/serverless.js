'use strict';
// serverless.yml reads its functions and their per-function resources from the function manifests
// through this file: `${file(infra/manifest/serverless.js):functions}` and `...:resources`. osls
// loads only .js here; tsx runs the TypeScript manifests as they are, as bin/vigil.js does.
//
// tsx would keep a transform cache in os.tmpdir() (tsx-<uid>), which packaging must not leave behind:
// it reads TSX_DISABLE_CACHE once, when it loads, so the variable is set for that moment only.
const hadSetting = 'TSX_DISABLE_CACHE' in process.env;
process.env.TSX_DISABLE_CACHE ??= '1';
const { require: tsxRequire } = require('tsx/cjs/api');
if (!hadSetting) delete process.env.TSX_DISABLE_CACHE;

const { LIST_PARAM_NAMES, renderServerless } = tsxRequire('./renderServerless.ts', __filename);

// List parameters are resolved here (with any --param override) because an IAM resource expands them entry by entry.
module.exports = async ({ resolveVariable }) => {
  const listParams = {};
  for (const name of LIST_PARAM_NAMES) listParams[name] = await resolveVariable(`param:${name}`);
  return renderServerless({ stage: await resolveVariable('sls:stage'), listParams });
};
