/**
 * The CI example (examples/github-actions/vtr-wf.yml) and the composite action
 * (action.yml): valid YAML, checked against hand-written minimal schemas of
 * GitHub's workflow and action syntax plus the cross-references a schema can't
 * see (needs, step ids, inputs); then every `run:` that calls vtr-wf is run
 * here, against a copy of the repo's specs with the `local` emulator
 * environment — and the plan-comment script against a fake GitHub API.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  symlinkSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CI_WORKFLOW } from '../src/init/ci-template.js';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CLI = join(REPO, 'dist/cli/main.js');
const EXAMPLE_FILE = join(REPO, 'examples/github-actions/vtr-wf.yml');
const ACTION_FILE = join(REPO, 'action.yml');

type Json = Record<string, unknown>;
interface Step {
  id?: string;
  if?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Job {
  needs?: string | string[];
  steps: Step[];
  strategy?: { matrix?: Record<string, unknown> };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  environment?: string;
  if?: string;
  permissions?: Record<string, string>;
}

// ---- minimal schemas of GitHub's syntax --------------------------------------

const stepSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
    name: { type: 'string' },
    if: { type: 'string' },
    uses: { type: 'string', pattern: '^([\\w.-]+/[\\w./-]+@[\\w.-]+|\\./.+|docker://.+)$' },
    run: { type: 'string', minLength: 1 },
    shell: { type: 'string' },
    with: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    env: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    'working-directory': { type: 'string' },
    'continue-on-error': { type: ['boolean', 'string'] },
    'timeout-minutes': { type: 'number' },
  },
  oneOf: [{ required: ['uses'] }, { required: ['run'] }],
};

const eventFilter = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    branches: { type: 'array', items: { type: 'string' } },
    'branches-ignore': { type: 'array', items: { type: 'string' } },
    paths: { type: 'array', items: { type: 'string' }, minItems: 1 },
    'paths-ignore': { type: 'array', items: { type: 'string' } },
    tags: { type: 'array', items: { type: 'string' } },
    types: { type: 'array', items: { type: 'string' } },
    inputs: { type: 'object' },
  },
};

const permissions = {
  oneOf: [
    { enum: ['read-all', 'write-all'] },
    {
      type: 'object',
      propertyNames: {
        enum: [
          'actions',
          'checks',
          'contents',
          'deployments',
          'id-token',
          'issues',
          'packages',
          'pages',
          'pull-requests',
          'security-events',
          'statuses',
        ],
      },
      additionalProperties: { enum: ['read', 'write', 'none'] },
    },
  ],
};

const workflowSchema = {
  type: 'object',
  required: ['on', 'jobs'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    'run-name': { type: 'string' },
    on: {
      type: 'object',
      minProperties: 1,
      propertyNames: {
        enum: [
          'pull_request',
          'pull_request_target',
          'push',
          'workflow_dispatch',
          'schedule',
          'workflow_call',
        ],
      },
      additionalProperties: eventFilter,
    },
    permissions,
    env: { type: 'object' },
    concurrency: { type: ['object', 'string'] },
    jobs: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
      additionalProperties: {
        type: 'object',
        required: ['runs-on', 'steps'],
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          needs: { type: ['string', 'array'], items: { type: 'string' } },
          if: { type: 'string' },
          'runs-on': { type: ['string', 'array'] },
          permissions,
          environment: { type: ['string', 'object'] },
          strategy: {
            type: 'object',
            additionalProperties: false,
            required: ['matrix'],
            properties: {
              matrix: {
                type: 'object',
                minProperties: 1,
                additionalProperties: { type: 'array', minItems: 1 },
              },
              'fail-fast': { type: 'boolean' },
              'max-parallel': { type: 'integer', minimum: 1 },
            },
          },
          concurrency: {
            type: 'object',
            required: ['group'],
            additionalProperties: false,
            properties: { group: { type: 'string' }, 'cancel-in-progress': { type: 'boolean' } },
          },
          env: { type: 'object' },
          'timeout-minutes': { type: 'number' },
          steps: { type: 'array', minItems: 1, items: stepSchema },
        },
      },
    },
  },
};

const actionSchema = {
  type: 'object',
  required: ['name', 'description', 'runs'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    author: { type: 'string' },
    branding: {
      type: 'object',
      additionalProperties: false,
      properties: {
        icon: { type: 'string' },
        color: {
          enum: ['white', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'],
        },
      },
    },
    inputs: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
      additionalProperties: {
        type: 'object',
        required: ['description'],
        additionalProperties: false,
        properties: {
          description: { type: 'string' },
          required: { type: 'boolean' },
          default: { type: 'string' },
          deprecationMessage: { type: 'string' },
        },
      },
    },
    outputs: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['description', 'value'],
        additionalProperties: false,
        properties: { description: { type: 'string' }, value: { type: 'string' } },
      },
    },
    runs: {
      type: 'object',
      required: ['using', 'steps'],
      additionalProperties: false,
      properties: {
        using: { const: 'composite' },
        // In a composite action every run step must name its shell.
        steps: {
          type: 'array',
          minItems: 1,
          items: {
            allOf: [stepSchema, { if: { required: ['run'] }, then: { required: ['shell'] } }],
          },
        },
      },
    },
  },
};

function schemaErrors(schema: object, data: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  return check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Every `${{ … }}` expression in a text. */
function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map((m) => m[1]!);
}

// ---- the two files -----------------------------------------------------------

const workflowText = readFileSync(EXAMPLE_FILE, 'utf8');
const workflow = parse(workflowText) as { on: Json; jobs: Record<string, Job> };
const actionText = readFileSync(ACTION_FILE, 'utf8');
const action = parse(actionText) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { steps: Step[] };
};

describe('examples/github-actions/vtr-wf.yml', () => {
  it('is what `vtr-wf init` scaffolds (src/init/ci-template.ts is generated from it)', () => {
    expect(CI_WORKFLOW).toBe(workflowText);
  });

  it('matches the schema of a GitHub workflow', () => {
    expect(schemaErrors(workflowSchema, workflow)).toEqual([]);
  });

  it('the schema catches a broken workflow (the check can fail)', () => {
    const broken = structuredClone(workflow) as unknown as {
      on: Json;
      jobs: Record<string, Job & Json>;
    };
    broken.jobs.validate!.steps.push({ name: 'neither uses nor run' });
    delete broken.jobs.plan!['runs-on'];
    broken.on.pull_requests = {};
    const errors = schemaErrors(workflowSchema, broken);
    expect(errors.join('\n')).toMatch(/runs-on/);
    expect(errors.join('\n')).toMatch(/propertyName|property name/);
    expect(errors.join('\n')).toMatch(/oneOf|must have required property 'uses'/);
  });

  it('runs on pull requests and pushes to main that touch the specs', () => {
    const on = workflow.on as {
      pull_request: { paths: string[] };
      push: { branches: string[]; paths: string[] };
    };
    expect(on.pull_request.paths).toEqual(expect.arrayContaining(['vtr-wf.yaml', 'workflows/**']));
    expect(on.push.branches).toEqual(['main']);
    expect(on.push.paths).toEqual(expect.arrayContaining(['vtr-wf.yaml', 'workflows/**']));
  });

  it('references only jobs, steps, matrix keys and secrets that exist', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const need of [job.needs ?? []].flat())
        expect(Object.keys(workflow.jobs), name).toContain(need);
      const ids = job.steps.map((s) => s.id).filter((id) => id !== undefined);
      expect(new Set(ids).size, `${name}: step ids unique`).toBe(ids.length);
      const text = JSON.stringify(job);
      for (const expr of expressions(text)) {
        for (const m of expr.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          expect(ids, `${name}: ${expr}`).toContain(m[1]);
          const writer = job.steps.find((s) => s.id === m[1]);
          expect(writer?.run ?? '', `${name}: step ${m[1]} writes ${m[2]}`).toContain(`${m[2]}=`);
        }
        for (const m of expr.matchAll(/\bmatrix\.([\w-]+)/g)) {
          expect(Object.keys(job.strategy?.matrix ?? {}), `${name}: ${expr}`).toContain(m[1]);
        }
        for (const m of expr.matchAll(/\bsecrets\.([\w-]+)/g)) expect(m[1]).toBe('CLARIFAI_PAT');
      }
    }
  });

  it('validates with annotations and uploads SARIF to code scanning', () => {
    const steps = workflow.jobs.validate!.steps;
    expect(steps.some((s) => s.run?.includes('vtr-wf validate --format github'))).toBe(true);
    expect(
      steps.some((s) => s.run?.includes('vtr-wf validate --format sarif > vtr-wf.sarif')),
    ).toBe(true);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('vtr-wf.sarif');
    expect(workflow.jobs.validate!.permissions?.['security-events']).toBe('write');
  });

  it('plans each environment on pull requests, commenting through github-script', () => {
    const plan = workflow.jobs.plan!;
    expect(plan.if).toContain("github.event_name == 'pull_request'");
    expect(Object.keys(plan.strategy?.matrix ?? {})).toEqual(['environment']);
    expect(plan.permissions?.['pull-requests']).toBe('write');
    const run = plan.steps.find((s) => s.id === 'plan')?.run ?? '';
    expect(run).toMatch(/vtr-wf plan -e "\$ENVIRONMENT" .*--format markdown .*--out plan\.json/);
    expect(plan.steps.some((s) => s.uses?.startsWith('actions/github-script@'))).toBe(true);
  });

  it('applies on main, one apply per environment at a time, the PAT from secrets', () => {
    const apply = workflow.jobs.apply!;
    expect(apply.if).toContain("github.event_name == 'push'");
    expect(apply.if).toContain("github.ref == 'refs/heads/main'");
    expect(apply.concurrency).toEqual({
      group: 'vtr-wf-apply-${{ matrix.environment }}',
      'cancel-in-progress': false,
    });
    expect(apply.environment).toBe('${{ matrix.environment }}');
    const step = apply.steps.find((s) => s.run?.includes('vtr-wf apply'));
    expect(step?.run).toContain('--auto-approve');
    expect(step?.env?.CLARIFAI_PAT).toBe('${{ secrets.CLARIFAI_PAT }}');
    // Plan and apply list the same environments.
    expect(apply.strategy?.matrix).toEqual(workflow.jobs.plan!.strategy?.matrix);
  });
});

describe('action.yml', () => {
  it('matches the schema of a composite action', () => {
    expect(schemaErrors(actionSchema, action)).toEqual([]);
  });

  it('the schema catches a broken action (the check can fail)', () => {
    const broken = structuredClone(action) as typeof action & Json;
    delete broken.runs.steps[0]!.shell;
    (broken.inputs as Json).command = { required: true };
    const errors = schemaErrors(actionSchema, broken).join('\n');
    expect(errors).toMatch(/shell/);
    expect(errors).toMatch(/description/);
  });

  it('takes command, environment, args, working-directory and pat', () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['command', 'environment', 'args', 'working-directory', 'pat']),
    );
    expect(action.inputs.command?.required).toBe(true);
  });

  it('uses only declared inputs and existing steps; inputs reach scripts only through env', () => {
    const ids = action.runs.steps.map((s) => s.id);
    for (const expr of expressions(actionText)) {
      for (const m of expr.matchAll(/\binputs\.([\w-]+)/g))
        expect(Object.keys(action.inputs)).toContain(m[1]);
      for (const m of expr.matchAll(/\bsteps\.([\w-]+)\.outputs\.(\w+)/g)) {
        expect(ids).toContain(m[1]);
        expect(action.runs.steps.find((s) => s.id === m[1])?.run).toContain(`${m[2]}=`);
      }
    }
    for (const step of action.runs.steps) expect(expressions(step.run ?? '')).toEqual([]);
  });
});

// ---- running the commands ----------------------------------------------------

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the repo's project (config + specs), whose `local` environment is the emulator. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-examples-'));
  scratch.push(dir);
  cpSync(join(REPO, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
  cpSync(join(REPO, 'workflows'), join(dir, 'workflows'), { recursive: true });
  return dir;
}

/** `npx vtr-wf …` → the built CLI, so the steps run exactly as written, without npm. */
function npxShim(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-bin-'));
  scratch.push(dir);
  writeFileSync(
    join(dir, 'npx'),
    `#!/usr/bin/env bash\nif [ "$1" = vtr-wf ]; then shift; exec "${process.execPath}" "${CLI}" "$@"; fi\necho "npx shim: only vtr-wf" >&2; exit 127\n`,
    { mode: 0o755 },
  );
  return dir;
}

/** Substitutes `${{ … }}` from a table; an expression the table lacks fails the test. */
function evaluate(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in context)) throw new Error(`no value for \${{ ${expr} }} in the test's context`);
    return context[expr]!;
  });
}

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs a `run:` step the way the runner does: bash, its env, GITHUB_OUTPUT. */
function runStep(
  step: Step,
  cwd: string,
  context: Record<string, string>,
  extraEnv: Record<string, string> = {},
): StepRun {
  const outputFile = join(cwd, `.github-output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  const env: Record<string, string> = {
    PATH: `${npxShim()}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: join(cwd, '.step-summary'),
    RUNNER_TEMP: cwd,
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v), context);
  const shellArgs =
    step.shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail', '-c'] : ['-e', '-c'];
  const workdir = step['working-directory']
    ? resolve(cwd, evaluate(step['working-directory'], context))
    : cwd;
  const result = spawnSync('bash', [...shellArgs, step.run!], {
    cwd: workdir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  rmSync(outputFile);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
}

function vtrWfSteps(job: Job): Step[] {
  return job.steps.filter((s) => s.run?.includes('vtr-wf'));
}

const CONTEXT = { 'matrix.environment': 'local', 'secrets.CLARIFAI_PAT': '' };

interface FakeComment {
  id: number;
  body: string;
  user: { type: string };
}

/** Runs the github-script step's script with a fake `github` holding PR comments. */
async function runCommentScript(
  step: Step,
  cwd: string,
  environment: string,
  comments: FakeComment[],
): Promise<void> {
  const fs = await import('node:fs');
  const github = {
    paginate: async (list: (p: object) => Promise<{ data: FakeComment[] }>, params: object) =>
      (await list(params)).data,
    rest: {
      issues: {
        listComments: async () => ({ data: comments.map((c) => ({ ...c })) }),
        createComment: async ({ body }: { body: string }) => {
          comments.push({ id: comments.length + 100, body, user: { type: 'Bot' } });
        },
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          const target = comments.find((c) => c.id === comment_id);
          if (!target) throw new Error(`no comment ${comment_id}`);
          target.body = body;
        },
      },
    },
  };
  const context = { repo: { owner: 'acme', repo: 'ocr' }, issue: { number: 7 } };
  const requireShim = (name: string) => {
    if (name !== 'fs') throw new Error(`the script may only require fs, not ${name}`);
    return {
      ...fs,
      readFileSync: (p: string, enc: BufferEncoding) => fs.readFileSync(resolve(cwd, p), enc),
    };
  };
  const processShim = {
    env: { ENVIRONMENT: evaluate(step.env!.ENVIRONMENT!, { 'matrix.environment': environment }) },
  };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<void>;
  await new AsyncFunction('require', 'github', 'context', 'process', step.with!.script!)(
    requireShim,
    github,
    context,
    processShim,
  );
}

describe('the example workflow, run locally against the emulator', { timeout: 180_000 }, () => {
  it('validate steps: no annotations and valid SARIF for good specs', () => {
    const dir = projectCopy();
    for (const step of vtrWfSteps(workflow.jobs.validate!)) {
      const run = runStep(step, dir, CONTEXT);
      expect(run.code, `${step.name}: ${run.stderr}`).toBe(0);
      expect(run.stdout).not.toContain('::error');
    }
    const sarif = JSON.parse(readFileSync(join(dir, 'vtr-wf.sarif'), 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toEqual([]);
  });

  it('validate steps: a broken spec fails the job with an annotation at its line', () => {
    const dir = projectCopy();
    const spec = join(dir, 'workflows/visual-text-recognition.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace('inputs: [detect-concept]', 'inputs: [general-concept]'),
    );
    const annotations = vtrWfSteps(workflow.jobs.validate!).find((s) =>
      s.run!.includes('--format github'),
    )!;
    const run = runStep(annotations, dir, CONTEXT);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=workflows\/visual-text-recognition\.yaml,line=\d+,/m);
    const sarifStep = vtrWfSteps(workflow.jobs.validate!).find((s) =>
      s.run!.includes('--format sarif'),
    )!;
    expect(runStep(sarifStep, dir, CONTEXT).code).toBe(0); // `|| true`: the upload still happens
    const sarif = JSON.parse(readFileSync(join(dir, 'vtr-wf.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
  });

  it('plan → one comment per environment, updated in place → apply → plan shows no changes', async () => {
    const dir = projectCopy();
    const plan = workflow.jobs.plan!;
    const planStep = plan.steps.find((s) => s.id === 'plan')!;
    const commentStep = plan.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    const others: FakeComment[] = [
      { id: 1, body: '<!-- vtr-wf-plan:staging -->\nstaging plan', user: { type: 'Bot' } },
      { id: 2, body: '<!-- vtr-wf-plan:local -->\nquoted by a human', user: { type: 'User' } },
    ];
    const comments = [...others.map((c) => ({ ...c }))];

    const first = runStep(planStep, dir, CONTEXT);
    expect(first.code, first.stderr).toBe(0);
    expect(first.outputs.exit_code).toBe('2'); // changes: nothing is live yet
    const markdown = readFileSync(join(dir, 'plan.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe('<!-- vtr-wf-plan:local -->');
    const saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as {
      environment: string;
      summary: { create: number };
    };
    expect(saved.environment).toBe('local');
    expect(saved.summary.create).toBe(1);

    await runCommentScript(commentStep, dir, 'local', comments);
    expect(comments).toHaveLength(3);
    expect(comments[2]!.body).toBe(markdown);

    for (const step of vtrWfSteps(workflow.jobs.apply!)) {
      const run = runStep(step, dir, CONTEXT);
      expect(run.code, `${step.name}: ${run.stderr}`).toBe(0);
    }

    const second = runStep(planStep, dir, CONTEXT);
    expect(second.code, second.stderr).toBe(0);
    expect(second.outputs.exit_code).toBe('0');
    await runCommentScript(commentStep, dir, 'local', comments);
    // The same comment was updated: no new one; other environments' and humans' untouched.
    expect(comments).toHaveLength(3);
    expect(comments[2]!.body).toBe(readFileSync(join(dir, 'plan.md'), 'utf8'));
    expect(comments[2]!.body).not.toBe(markdown);
    expect(comments.slice(0, 2)).toEqual(others);
  });

  it('a failing plan posts a comment saying so, and the job fails', () => {
    const dir = projectCopy();
    const planStep = workflow.jobs.plan!.steps.find((s) => s.id === 'plan')!;
    const run = runStep(planStep, dir, { ...CONTEXT, 'matrix.environment': 'no-such-env' });
    expect(run.code).toBe(0);
    expect(run.outputs.exit_code).toBe('1');
    const markdown = readFileSync(join(dir, 'plan.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe('<!-- vtr-wf-plan:no-such-env -->');
    expect(markdown).toContain('failed');
    const fail = workflow.jobs.plan!.steps.at(-1)!;
    expect(fail.if).toContain('steps.plan.outputs.exit_code');
    expect(fail.run).toBe('exit 1');
  });
});

describe('action.yml, run locally against the emulator', { timeout: 180_000 }, () => {
  /** Runs the action's steps in order with the given inputs; returns the last step's run. */
  function runAction(dir: string, inputs: Record<string, string>): StepRun {
    const withDefaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, spec]) => [
        `inputs.${name}`,
        inputs[name] ?? spec.default ?? '',
      ]),
    );
    const context: Record<string, string> = { ...withDefaults, 'github.action_path': REPO };
    let last: StepRun | undefined;
    for (const step of action.runs.steps) {
      last = runStep(step, dir, context, { GITHUB_ACTION_PATH: REPO });
      expect(last.code, `${step.name}: ${last.stderr}`).not.toBeNull();
      if (last.code !== 0) return last;
      for (const [k, v] of Object.entries(last.outputs))
        context[`steps.${step.id}.outputs.${k}`] = v;
    }
    return last!;
  }

  it('validate, plan (changes → still success), apply, plan (no changes)', () => {
    const dir = projectCopy();
    const validate = runAction(dir, { command: 'validate' });
    expect(validate.code, validate.stderr).toBe(0);

    const plan = runAction(dir, { command: 'plan', environment: 'local' });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.outputs).toMatchObject({ exit_code: '2', changes: 'true' });
    expect(readFileSync(plan.outputs.output_file!, 'utf8').split('\n')[0]).toBe(
      '<!-- vtr-wf-plan:local -->',
    );
    expect(JSON.parse(readFileSync(plan.outputs.plan_file!, 'utf8'))).toMatchObject({
      environment: 'local',
    });

    // Apply exactly the saved plan (the action always passes --auto-approve; harmless with a plan).
    const apply = runAction(dir, {
      command: 'apply',
      environment: 'local',
      args: plan.outputs.plan_file!,
    });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.outputs.exit_code).toBe('0');

    const again = runAction(dir, { command: 'plan', environment: 'local', format: 'json' });
    expect(again.code, again.stderr).toBe(0);
    expect(again.outputs).toMatchObject({ exit_code: '0', changes: 'false' });

    // The specs' tests: cases, run against what was applied.
    const test = runAction(dir, { command: 'test', environment: 'local', format: 'junit' });
    expect(test.code, test.stderr).toBe(0);
    expect(test.outputs.exit_code).toBe('0');
    expect(readFileSync(test.outputs.output_file!, 'utf8')).toContain('<testsuites');
  });

  it("prefers the project's own install of vtr-wf", () => {
    const dir = projectCopy();
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO, join(dir, 'node_modules/vtr-wf'));
    const find = runStep(
      action.runs.steps[0]!,
      dir,
      { 'inputs.working-directory': '.' },
      { GITHUB_ACTION_PATH: '/nonexistent' },
    );
    expect(find.code, find.stderr).toBe(0);
    expect(find.outputs.main).toBe(join(dir, 'node_modules/vtr-wf/dist/cli/main.js'));
    expect(existsSync(find.outputs.main!)).toBe(true);
  });

  it('fails on errors, and rejects an unknown command or a bad pat-env', () => {
    const dir = projectCopy();
    writeFileSync(join(dir, 'workflows/broken.yaml'), 'id: broken\nnodes: []\n');
    const invalid = runAction(dir, { command: 'validate' });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('::error');
    expect(runAction(dir, { command: 'destroy' }).stdout).toContain(
      'command must be validate, plan, apply or test',
    );
    const badEnv = runAction(dir, { command: 'validate', pat: 'x', 'pat-env': 'A;rm -rf /' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stdout).toContain('pat-env must be a variable name');
  });
});
