// `vtr-wf fmt --check` of 1000 generated (already canonical) workflow files:
// every file parsed, formatted and re-checked. Goal: under 1 s.
import { writeSpecProject } from '../lib/spec-corpus.mjs';

const FILES = 1000;

export default {
  name: `fmt --check ${FILES} files`,
  goal: { max: 1000 },
  baseline_label: 'node -e 0',
  async run(ctx) {
    const dir = writeSpecProject(ctx.tempDir(), ctx.repoRoot, FILES);
    return ctx.compare({
      subject: () => ctx.timeCli(['fmt', '--check'], { cwd: dir }),
      baseline: () => ctx.timeNode(['-e', '0'], { cwd: dir }),
    });
  },
};
