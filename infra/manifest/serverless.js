'use strict';
// serverless.yml reads its functions and their per-function resources from the function manifests
// through this file: `${file(infra/manifest/serverless.js):functions}` and `...:resources`. osls
// loads only .js here; tsx runs the TypeScript manifests as they are, as bin/vigil.js does.
const { require: tsxRequire } = require('tsx/cjs/api');

const { renderServerless } = tsxRequire('./renderServerless.ts', __filename);

module.exports = async ({ resolveVariable }) => renderServerless({ stage: await resolveVariable('sls:stage') });
