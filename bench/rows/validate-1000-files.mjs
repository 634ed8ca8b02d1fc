// `vtr-wf validate` of a project of 1000 generated workflow files (nested
// folders, the repo's catalog). Goal: under 1 s. The baseline, `node -e 0`,
// shows how much of it is Node starting.
import { writeSpecProject } from '../lib/spec-corpus.mjs';

const FILES = 1000;

export default {
  name: `validate ${FILES} files`,
  goal: { max: 1000 },
  baseline_label: 'node -e 0',
  async run(ctx) {
    const dir = writeSpecProject(ctx.tempDir(), ctx.repoRoot, FILES);
    const result = await ctx.compare({
      subject: () => ctx.timeCli(['validate'], { cwd: dir }),
      baseline: () => ctx.timeNode(['-e', '0'], { cwd: dir }),
    });
    const perFile = (result.value - result.baseline) / FILES;
    return {
      ...result,
      extra: { ...result.extra, files: FILES, ms_per_file: Math.round(perFile * 1000) / 1000 },
    };
  },
};
