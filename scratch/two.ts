import { parseLocalConfig } from '../infra/local/runtime/localConfig';
import { runReplay } from '../infra/local/runtime/replayRun';
const W = '/tmp/vigil-model-monitor-fkvpAQ';
(async () => {
  for (const name of ['month', 'shuffled']) {
    const s = await runReplay({ inputs: [`${W}/${name}.jsonl`], outDir: `scratch/o-${name}`, s3Dir: `${W}/s3`, config: parseLocalConfig({ logLevel: 'ERROR' }) });
    console.log(name, s.events, s.failedInvocations.slice(0, 1));
  }
})();
