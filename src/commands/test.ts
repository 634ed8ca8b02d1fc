/**
 * `vtr-wf test -e ENV [ID…]`: runs every spec `tests:` case of the given
 * (default: all) workflows through PostWorkflowResults on the live workflow
 * and judges it. Images are checked before any call.
 */
import type { ConnectionOptions } from './shared/connect-environment.js';
import { relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { readImage } from '../image/read-image.js';
import { liveDrift } from '../plan/drift.js';
import { resolveDesired } from '../plan/resolve.js';
import { judge, regionsFound } from '../run/judge.js';
import type { TestCaseResult, TestReport } from '../run/types.js';
import { testImagePath } from '../spec/test-images.js';
import { effectiveModel } from '../spec/effective-model.js';
import type { Role } from '../spec/types.js';
import { UserError } from '../user-error.js';
import { VTR_MODELS } from '../vtr-models.js';
import type { ConnectedApi } from '../clarifai/connect.js';
import type { Project } from './shared/project.js';

/** verbose, log, timeout and the CLI's signal: handed to the connection as they are. */
export interface TestOptions extends ConnectionOptions {
  cwd: string;
  config?: string;
  environment: string;
  ids?: string[];
  /**
   * `apply --test`: the project apply loaded and the connection it wrote over,
   * used as they are (the caller closes the connection) instead of loading
   * and connecting a second time.
   */
  session?: { project: Project; api: ConnectedApi };
}

// Over 80 lines: check every image before any call, then connect and judge each case; the two halves share the planned cases.
export async function test(opts: TestOptions): Promise<TestReport> {
  const cwd = resolve(opts.cwd);
  const { loadProjectFor, environmentNamed } = await import('./shared/project.js');
  const project =
    opts.session?.project ??
    (await loadProjectFor({ cwd, ...(opts.config ? { config: opts.config } : {}) }));
  const env = environmentNamed(project, opts.environment);
  refuseInvalid(project.diagnostics);
  const wanted = new Set(opts.ids ?? []);
  const unknown = [...wanted].filter((id) => !project.specs.some((s) => s.spec.id === id));
  if (unknown.length > 0)
    throw new UserError(
      `no spec declares ${unknown.map((id) => `\`${id}\``).join(', ')}; \`test\` runs the cases of the specs' workflows`,
    );
  const specs = project.specs.filter((s) => wanted.size === 0 || wanted.has(s.spec.id));
  const planned = specs.flatMap(({ spec, source }) =>
    (spec.tests ?? []).map((t, i) => {
      const path = testImagePath(cwd, source.file, t.image);
      const name = relative(cwd, path) || path;
      const read = readImage(path, name);
      if (!read.ok) throw new UserError(`${source.file}: test ${t.name}: ${read.message}`);
      return {
        spec,
        test: t,
        image: name,
        input: { id: `case-${i + 1}`, image: { base64: read.bytes } },
      };
    }),
  );
  const report: TestReport = {
    format_version: 1,
    environment: opts.environment,
    passed: 0,
    failed: 0,
    cases: [],
  };
  if (planned.length === 0) return report;
  // Roles by model id: the catalog's entries and the VTR models.
  const roles = new Map<string, Role>(VTR_MODELS.map((m) => [m.id, m.role]));
  for (const { spec } of specs)
    for (const node of spec.nodes) {
      const m = effectiveModel(project.config, env.name, node);
      if (m.ok && m.model.id && m.model.role) roles.set(m.model.id, m.model.role);
    }
  // What the specs say is live, to warn where it is not (the cases run on what is live).
  const desired = new Map(
    resolveDesired({ config: project.config, specs }, env.name).desired.workflows.map((w) => [
      w.workflow.id,
      w.workflow,
    ]),
  );
  const { connectEnvironment } = await import('./shared/connect-environment.js');
  const { runInputs } = await import('../run/run-inputs.js');
  const api = opts.session?.api ?? (await connectEnvironment(project, env, opts));
  try {
    for (const { spec } of specs) {
      const cases = planned.filter((p) => p.spec === spec);
      if (cases.length === 0) continue;
      const live = await api.getWorkflow(spec.id);
      if (!live) {
        for (const c of cases)
          report.cases.push(
            failedCase(
              spec.id,
              c.test.name,
              c.image,
              `workflow ${spec.id} does not exist in environment ${opts.environment}`,
            ),
          );
        continue;
      }
      const wanted = desired.get(spec.id);
      const drift = wanted ? liveDrift(wanted, live) : [];
      if (drift.length > 0)
        (report.warnings ??= []).push(
          `live workflow ${spec.id} differs from its spec (${drift.join(', ')}); its tests ran on what is live — \`vtr-wf plan -e ${opts.environment} ${spec.id}\` shows the difference`,
        );
      const runs = await runInputs(
        api,
        { id: spec.id, nodes: live.nodes },
        cases.map((c) => ({ name: c.image, input: c.input })),
      );
      cases.forEach((c, i) => {
        const run = runs[i]!;
        const regions = regionsFound(run.nodes, (n) => roles.get(n.model.id));
        const failures = judge(c.test.expect, run, regions);
        report.cases.push({
          workflow: spec.id,
          name: c.test.name,
          image: c.image,
          passed: failures.length === 0,
          text: run.text,
          regions,
          failures,
        });
      });
    }
  } finally {
    if (!opts.session) await api.close();
  }
  report.passed = report.cases.filter((c) => c.passed).length;
  report.failed = report.cases.length - report.passed;
  return report;
}

/** Like plan: invalid specs (a duplicate case name, a bad image, …) are fixed first, not tested. */
function refuseInvalid(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  const where = (d: Diagnostic) => (d.file ? `${d.file}:${d.line}:${d.column}: ` : '');
  throw new UserError(
    [
      `${errors.length} error${errors.length === 1 ? '' : 's'} in the specs; nothing was tested (see \`vtr-wf validate\`):`,
      ...errors.map((d) => `  ${where(d)}${d.code} ${d.message}`),
    ].join('\n'),
  );
}

function failedCase(workflow: string, name: string, image: string, why: string): TestCaseResult {
  return { workflow, name, image, passed: false, text: '', regions: 0, failures: [why] };
}
