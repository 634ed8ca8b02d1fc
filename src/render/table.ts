/**
 * The one renderer table: command → format → renderer. Every `--format`
 * choice comes from here (`formatsFor`), and the CLI picks the renderer
 * through `rendererFor`; a new format is one file in src/render/ and one row
 * here. Each renderer file loads only when its format is chosen (the imports
 * below are types only), so a command pays for one format, not all of them.
 *
 * A renderer is `(result, options) → string` for stdout; where a format also
 * says something on stderr beside it (text's summary, a notice), `notes`
 * gives that text, so the CLI never decides what a format shows.
 */
import type { ApplyTests } from '../commands/apply.js';
import type { ExportResult } from '../commands/export.js';
import type { FmtReport } from '../commands/fmt.js';
import type { HistoryResult } from '../commands/history.js';
import type { ImportRun } from '../commands/import.js';
import type { InitResult } from '../commands/init.js';
import type { PromoteResult } from '../commands/promote.js';
import type { PruneVersionsResult } from '../commands/prune-versions.js';
import type { UnlockResult } from '../commands/unlock.js';
import type { ValidateResult } from '../commands/validate.js';
import type { Report } from '../apply/types.js';
import type { WorkflowGraph } from '../graph/diagram.js';
import type { Plan } from '../plan/types.js';
import type { TestReport, WorkflowRun } from '../run/types.js';
import type { ExportRenderOptions } from './export-text.js';
import type { ImportRenderOptions } from './import-text.js';
import type { PromoteRenderOptions } from './promote-text.js';

export interface Renderer<R, O> {
  /** What goes to stdout. */
  render: (result: R, options: O) => string;
  /** What the format says on stderr beside it; absent: nothing. */
  notes?: (result: R, options: O) => string;
}

/** Every renderer gets these; a command's row may ask for more. */
export interface RenderContext {
  /** Colour on stdout. */
  color: boolean;
  /** Colour on stderr. */
  stderrColor: boolean;
}

/** One plan (`plan -e ENV`, `rollback`) or one per environment (`plan --all-envs`). */
export type PlanView = { plan: Plan } | { plans: Record<string, Plan> };
export interface PlanRenderOptions extends RenderContext {
  /** --out FILE, named in markdown's footer. */
  planFile?: string;
}

/** What each command renders, and the options its renderers take. */
interface Views {
  validate: [ValidateResult, RenderContext];
  graph: [WorkflowGraph[], RenderContext];
  plan: [PlanView, PlanRenderOptions];
  rollback: [Plan, PlanRenderOptions];
  apply: [Report, RenderContext];
  /** `apply --test`: the report with the tests, once they ran. */
  'apply-tests': [{ report: Report; tests: ApplyTests; environment: string }, RenderContext];
  unlock: [UnlockResult, RenderContext & { env: string }];
  history: [HistoryResult, RenderContext];
  'versions prune': [PruneVersionsResult, RenderContext];
  run: [WorkflowRun, RenderContext];
  test: [TestReport, RenderContext];
  export: [ExportResult, RenderContext & ExportRenderOptions];
  import: [ImportRun, RenderContext & ImportRenderOptions];
  promote: [PromoteResult, RenderContext & PromoteRenderOptions];
  fmt: [FmtReport, RenderContext & { verbose: boolean }];
  init: [InitResult, RenderContext & { dirArg: string }];
  emulator: [{ address: string }, RenderContext];
}

export type CommandName = keyof Views;
type Load<C extends CommandName> = () => Promise<Renderer<Views[C][0], Views[C][1]>>;
type Table = { [C in CommandName]: Record<string, Load<C>> };

/** Row order is the order `--help` lists the choices in; the first is the default. */
const RENDERERS: Table = {
  validate: {
    text: async () => {
      const { renderValidateText, renderValidateSummary } = await import('./validate-text.js');
      return {
        render: (r, o) => renderValidateText(r.diagnostics, { color: o.color }),
        notes: (r, o) =>
          renderValidateSummary(
            r.diagnostics,
            { files: r.specFiles.length, workflows: r.workflows },
            { color: o.stderrColor },
          ),
      };
    },
    json: async () => {
      const { renderValidateJson } = await import('./validate-json.js');
      return { render: (r) => renderValidateJson(r.diagnostics) };
    },
    github: async () => {
      const { renderValidateGithub } = await import('./validate-github.js');
      return { render: (r) => renderValidateGithub(r.diagnostics) };
    },
    sarif: async () => {
      const { renderValidateSarif } = await import('./validate-sarif.js');
      const { VERSION } = await import('../version.js');
      return { render: (r) => renderValidateSarif(r.diagnostics, { toolVersion: VERSION }) };
    },
  },
  graph: {
    mermaid: async () => ({ render: (await import('./graph-mermaid.js')).renderGraphMermaid }),
    dot: async () => ({ render: (await import('./graph-dot.js')).renderGraphDot }),
    json: async () => ({ render: (await import('./graph-json.js')).renderGraphJson }),
    text: async () => ({ render: (await import('./graph-text.js')).renderGraphText }),
  },
  plan: {
    text: async () => {
      const { renderPlanText, renderPlansText } = await import('./plan-text.js');
      return {
        render: (v, o) =>
          'plan' in v
            ? renderPlanText(v.plan, { color: o.color })
            : renderPlansText(v.plans, { color: o.color }),
      };
    },
    json: async () => {
      const { renderPlanJson, renderPlansJson } = await import('./plan-json.js');
      return { render: (v) => ('plan' in v ? renderPlanJson(v.plan) : renderPlansJson(v.plans)) };
    },
    markdown: async () => {
      const { renderPlanMarkdown, renderPlansMarkdown } = await import('./plan-markdown.js');
      return {
        render: (v, o) => {
          const opts = o.planFile ? { planFile: o.planFile } : {};
          return 'plan' in v
            ? renderPlanMarkdown(v.plan, opts)
            : renderPlansMarkdown(v.plans, opts);
        },
      };
    },
  },
  rollback: {
    text: async () => {
      const { render } = await RENDERERS.plan.text!();
      return {
        render: (plan, o) => render({ plan }, o),
        notes: (_plan, o) =>
          o.planFile
            ? `Saved the rollback plan to ${o.planFile}; apply it with: vtr-wf apply ${o.planFile}\n`
            : `Nothing was written. Save it with --out FILE, then: vtr-wf apply FILE\n`,
      };
    },
    json: async () => {
      const { render } = await RENDERERS.plan.json!();
      return { render: (plan, o) => render({ plan }, o) };
    },
    markdown: async () => {
      const { render } = await RENDERERS.plan.markdown!();
      return { render: (plan, o) => render({ plan }, o) };
    },
  },
  apply: {
    text: async () => {
      const { renderReportText } = await import('./report-text.js');
      return { render: (report, o) => renderReportText(report, { color: o.color }) };
    },
    json: async () => ({ render: (await import('./report-json.js')).renderReportJson }),
  },
  'apply-tests': {
    text: async () => {
      const { renderApplyTestsText } = await import('./apply-tests-text.js');
      return {
        render: ({ report, tests, environment }) =>
          '\n' +
          renderApplyTestsText(
            environment,
            report,
            tests.selected,
            tests.selected.run ? tests.report : null,
          ),
      };
    },
    json: async () => {
      const { reportJson } = await import('./report-json.js');
      const { testJson } = await import('./test-json.js');
      return {
        render: ({ report, tests }) =>
          JSON.stringify(
            { ...reportJson(report), tests: tests.report ? testJson(tests.report) : null },
            null,
            2,
          ) + '\n',
      };
    },
  },
  unlock: {
    text: async () => {
      const { renderUnlockText } = await import('./unlock-text.js');
      return { render: (r, o) => renderUnlockText(r, { env: o.env }) };
    },
    json: async () => ({ render: (await import('./unlock-json.js')).renderUnlockJson }),
  },
  history: {
    text: async () => ({ render: (await import('./history-text.js')).renderHistoryText }),
    json: async () => ({ render: (await import('./history-json.js')).renderHistoryJson }),
  },
  'versions prune': {
    text: async () => {
      const { renderPruneText } = await import('./prune-text.js');
      return { render: (r) => renderPruneText(r) };
    },
    json: async () => ({ render: (await import('./prune-json.js')).renderPruneJson }),
  },
  run: {
    text: async () => ({ render: (await import('./run-text.js')).renderRunText }),
    json: async () => ({ render: (await import('./run-json.js')).renderRunJson }),
  },
  test: {
    text: async () => ({ render: (await import('./test-text.js')).renderTestText }),
    json: async () => ({ render: (await import('./test-json.js')).renderTestJson }),
    junit: async () => ({ render: (await import('./test-junit.js')).renderTestJunit }),
  },
  export: {
    text: async () => {
      const { renderExportText, renderExportNotes } = await import('./export-text.js');
      return { render: renderExportText, notes: renderExportNotes };
    },
    json: async () => ({ render: (await import('./export-json.js')).renderExportJson }),
  },
  import: {
    text: async () => {
      const { renderImportText, renderImportNotes } = await import('./import-text.js');
      return { render: renderImportText, notes: renderImportNotes };
    },
    json: async () => ({ render: (await import('./import-json.js')).renderImportJson }),
  },
  promote: {
    text: async () => {
      const { renderPromoteText, renderPromoteNotes } = await import('./promote-text.js');
      return { render: renderPromoteText, notes: renderPromoteNotes };
    },
    json: async () => ({ render: (await import('./promote-json.js')).renderPromoteJson }),
  },
  fmt: {
    text: async () => {
      const { renderFmtText, renderFmtProblems, renderFmtSummary } = await import('./fmt-text.js');
      return {
        render: renderFmtText,
        notes: (r, o) =>
          renderFmtProblems(r, { color: o.stderrColor }) + (o.verbose ? renderFmtSummary(r) : ''),
      };
    },
    json: async () => ({ render: (await import('./fmt-json.js')).renderFmtJson }),
  },
  init: {
    text: async () => {
      const { renderInitText } = await import('./init-text.js');
      return { render: (r, o) => renderInitText(r, { dirArg: o.dirArg }) };
    },
    json: async () => ({ render: (await import('./init-json.js')).renderInitJson }),
  },
  emulator: {
    text: async () => ({ render: (await import('./emulator-text.js')).renderEmulatorText }),
  },
};

/** Every command the table has a row for. */
export function renderedCommands(): CommandName[] {
  return Object.keys(RENDERERS) as CommandName[];
}

/** The `--format` choices of a command, in help order (the first is the default). */
export function formatsFor(command: CommandName): string[] {
  return Object.keys(RENDERERS[command]);
}

export type ResultOf<C extends CommandName> = Views[C][0];
export type OptionsOf<C extends CommandName> = Views[C][1];

/** The renderer of one format; commander's `.choices()` keeps unknown formats out before this. */
export async function rendererFor<C extends CommandName>(
  command: C,
  format: string,
): Promise<Renderer<ResultOf<C>, OptionsOf<C>>> {
  const rows: Record<string, Load<C>> = RENDERERS[command];
  const load = Object.hasOwn(rows, format) ? rows[format] : undefined;
  if (!load) throw new Error(`no ${format} renderer for ${command}`);
  return load();
}
