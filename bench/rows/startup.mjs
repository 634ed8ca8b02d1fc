// The floor under every command: `vtr-wf --version` (commander and every
// command module loaded, nothing run) against `node -e 0`. The extra columns
// split the cost: commander alone, and importing the command tree and
// building it (program.js), each measured in the same interleaved run.
export default {
  name: 'startup (--version)',
  goal: { max_overhead: 50 },
  baseline_label: 'node -e 0',
  async run(ctx) {
    const esm = (code) => ctx.timeNode(['--input-type=module', '-e', code], { cwd: ctx.repoRoot });
    const result = await ctx.compare({
      subject: () => ctx.timeCli(['--version'], { cwd: ctx.repoRoot }),
      baseline: () => ctx.timeNode(['-e', '0'], { cwd: ctx.repoRoot }),
      also: {
        // An empty ES module program: what Node's ESM loader alone adds to `node -e 0`.
        empty_esm: () => esm('0'),
        import_commander: () => esm("await import('commander')"),
        build_program: () =>
          esm("const { buildProgram } = await import('./dist/cli/program.js'); buildProgram()"),
      },
    });
    const overEsm = (ms) => Math.round((ms - result.extra.empty_esm_ms) * 10) / 10;
    return {
      ...result,
      extra: {
        ...result.extra,
        esm_loader_overhead_ms: Math.round((result.extra.empty_esm_ms - result.baseline) * 10) / 10,
        commander_overhead_ms: overEsm(result.extra.import_commander_ms),
        program_overhead_ms: overEsm(result.extra.build_program_ms),
      },
    };
  },
};
