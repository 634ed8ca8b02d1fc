// `vtr-wf validate` of the shipped examples (repo root: vtr-wf.yaml + workflows/),
// against starting Node itself. Goal: at most 100 ms above `node -e 0`.
export default {
  name: 'validate shipped examples',
  goal: { max_overhead: 100 },
  baseline_label: 'node -e 0',
  run: (ctx) =>
    ctx.compare({
      subject: () => ctx.timeCli(['validate'], { cwd: ctx.repoRoot }),
      baseline: () => ctx.timeNode(['-e', '0'], { cwd: ctx.repoRoot }),
    }),
};
