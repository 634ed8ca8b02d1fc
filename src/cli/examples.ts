/**
 * Examples for `--help`, one list per command. program.ts appends them to each
 * command's help and scripts/gen-docs.mjs writes the same lists into
 * docs/commands.md, so help and reference can't drift. test/help.test.ts
 * parses every example with the real command tree, so they can't rot either.
 */

export interface CommandExample {
  /** A command line as typed; a trailing `| …` or `> …` is shell, not vtr-wf. */
  command: string;
  /** What it does, in a few words. */
  explain: string;
}

export const PROGRAM_EXAMPLES: readonly CommandExample[] = [
  { command: 'vtr-wf init', explain: 'scaffold a project in this folder' },
  { command: 'vtr-wf validate', explain: 'check vtr-wf.yaml and every spec, offline' },
  { command: 'vtr-wf plan -e staging', explain: 'show what apply would change' },
  { command: 'vtr-wf apply -e staging', explain: 'make the app match the specs (asks first)' },
  { command: 'vtr-wf validate --help', explain: "a command's options and examples" },
];

export const COMMAND_EXAMPLES: Readonly<Record<string, readonly CommandExample[]>> = {
  validate: [
    { command: 'vtr-wf validate', explain: 'every spec under the configured workflows path' },
    {
      command: 'vtr-wf validate workflows/ocr.yaml --strict',
      explain: 'one file; warnings fail too',
    },
    { command: 'vtr-wf validate --format github', explain: 'GitHub Actions annotations' },
    { command: 'vtr-wf validate --format sarif > vtr-wf.sarif', explain: 'for code scanning' },
  ],
  plan: [
    { command: 'vtr-wf plan -e staging', explain: 'every workflow of the environment' },
    { command: 'vtr-wf plan -e staging visual-text-recognition', explain: 'only these ids' },
    {
      command: 'vtr-wf plan -e prod --out plan.json --format markdown > plan.md',
      explain: 'save the plan; markdown for a PR comment',
    },
    { command: 'vtr-wf plan -e staging --prune --detailed-exitcode', explain: 'exit 2 on changes' },
    { command: 'vtr-wf plan --all-envs', explain: 'a summary table, then each plan' },
  ],
  apply: [
    {
      command: 'vtr-wf apply -e local --auto-approve',
      explain: 'the embedded emulator, no prompt',
    },
    { command: 'vtr-wf apply -e staging', explain: 'shows the plan and asks first' },
    { command: 'vtr-wf apply plan.json', explain: 'exactly a saved plan, if nothing drifted' },
    {
      command: 'vtr-wf apply -e staging --adopt legacy-ocr',
      explain: 'take over a hand-made workflow',
    },
    {
      command: 'vtr-wf apply -e staging --prune',
      explain: 'also delete managed workflows no spec declares',
    },
  ],
  export: [
    { command: 'vtr-wf export -e staging', explain: 'every live workflow, as YAML on stdout' },
    {
      command: 'vtr-wf export -e staging legacy-ocr --out workflows/',
      explain: 'one spec file per workflow',
    },
  ],
  import: [
    {
      command: 'vtr-wf import sdk/workflow.yml',
      explain: 'a Clarifai SDK workflow file as a spec',
    },
    {
      command: 'vtr-wf import sdk/ocr.yml sdk/vtr.yml --out workflows/',
      explain: 'into spec files',
    },
  ],
  promote: [
    {
      command: 'vtr-wf promote --from staging --to prod --dry-run',
      explain: 'show the pin changes',
    },
    {
      command: 'vtr-wf promote --from staging --to prod --models text-recognizer',
      explain: 'copy one pin into prod',
    },
  ],
  fmt: [
    { command: 'vtr-wf fmt', explain: 'rewrite every spec in canonical form, comments kept' },
    { command: 'vtr-wf fmt --check', explain: 'list files that need it; exit 1 if any' },
  ],
  init: [
    { command: 'vtr-wf init', explain: 'scaffold a project in this folder' },
    { command: 'vtr-wf init ocr-workflows --project acme-ocr', explain: 'in a new folder, named' },
    { command: 'vtr-wf init --no-ci', explain: 'without the GitHub Actions workflow' },
  ],
  graph: [
    { command: 'vtr-wf graph', explain: 'every workflow as a Mermaid flowchart' },
    {
      command: 'vtr-wf graph visual-text-recognition --format dot | dot -Tsvg > vtr.svg',
      explain: 'Graphviz',
    },
    { command: 'vtr-wf graph -e prod --format json', explain: "with prod's model versions" },
  ],
  unlock: [{ command: 'vtr-wf unlock -e staging', explain: 'remove a stale apply lease' }],
  test: [
    {
      command: 'vtr-wf test -e local',
      explain: "run every spec's tests: cases in the local emulator",
    },
    { command: 'vtr-wf test -e prod --format junit > report.xml', explain: 'JUnit XML for CI' },
  ],
  run: [
    {
      command: 'vtr-wf run -e local visual-text-recognition workflows/images/sold-sign.png',
      explain: 'read the text in an image with the workflow in the local emulator',
    },
    {
      command: 'vtr-wf run -e prod visual-text-recognition a.jpg b.png --format json',
      explain: "per image the text read and each node's output, as JSON",
    },
  ],
  history: [
    {
      command: 'vtr-wf history -e staging visual-text-recognition',
      explain: 'versions newest first: live, spec hash, revision, node changes',
    },
  ],
  rollback: [
    {
      command: 'vtr-wf rollback -e staging visual-text-recognition --out rollback.json',
      explain: 'plan going back one version, saved for apply',
    },
    {
      command: 'vtr-wf rollback -e staging visual-text-recognition --to 3f2a…',
      explain: 'restore a version named by `history`',
    },
  ],
  versions: [
    {
      command: 'vtr-wf versions prune -e staging --keep 5',
      explain: "keep each of this project's workflows' newest 5 versions (asks first)",
    },
    {
      command: 'vtr-wf versions prune -e prod visual-text-recognition --keep 1 --auto-approve',
      explain: 'only the live version stays, without asking (CI)',
    },
  ],
  emulator: [
    { command: 'vtr-wf emulator', explain: 'serve on 127.0.0.1:50051, state in memory' },
    {
      command: 'vtr-wf emulator --port 0 --state .vtr-wf/emulator.json',
      explain: 'a free port, state kept',
    },
    { command: 'vtr-wf emulator --require-key-env EMULATOR_KEY', explain: 'demand a key' },
    {
      command: 'vtr-wf emulator --require-key-env EMULATOR_KEY --key-app acme/ci',
      explain: 'that key is an app-specific key of acme/ci',
    },
  ],
};

/** Longer commands put their explanation on the next line, keeping the column narrow. */
const MAX_ALIGNED_WIDTH = 48;

/** The examples block printed after a command's help. */
export function formatExamples(examples: readonly CommandExample[]): string {
  if (examples.length === 0) return '';
  const fitting = examples.filter((e) => e.command.length <= MAX_ALIGNED_WIDTH);
  const width = Math.max(0, ...fitting.map((e) => e.command.length));
  const lines = examples.map((e) =>
    e.command.length <= MAX_ALIGNED_WIDTH
      ? `  $ ${e.command.padEnd(width)}  # ${e.explain}`
      : `  $ ${e.command}\n    ${' '.repeat(width)}# ${e.explain}`,
  );
  return `\nExamples:\n${lines.join('\n')}\n`;
}
