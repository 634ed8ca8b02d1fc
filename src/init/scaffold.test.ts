import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VTR_MODELS } from '../vtr-models.js';
import { CI_WORKFLOW } from './ci-template.js';
import { renderConfigTemplate } from './config-template.js';
import { CI_WORKFLOW_PATH, CONFIG_PATH, GITIGNORE_PATH, planScaffold } from './scaffold.js';
import { EXAMPLE_IMAGE_PATH } from './example-image.js';
import { EXAMPLE_WORKFLOW_PATH, renderWorkflowTemplate } from './workflow-template.js';

const base = {
  project: 'acme-ocr',
  schemaDir: 'node_modules/vtr-wf/schemas',
  ci: true,
  existing: new Set<string>(),
  gitignore: null,
};

describe('planScaffold', () => {
  it('creates every file in an empty folder', () => {
    const steps = planScaffold(base);
    expect(steps.map((s) => [s.path, s.action])).toEqual([
      [CONFIG_PATH, 'create'],
      [EXAMPLE_WORKFLOW_PATH, 'create'],
      [EXAMPLE_IMAGE_PATH, 'create'],
      [GITIGNORE_PATH, 'create'],
      [CI_WORKFLOW_PATH, 'create'],
    ]);
    const ci = steps.find((s) => s.path === CI_WORKFLOW_PATH);
    expect(ci?.action === 'create' && ci.content).toBe(CI_WORKFLOW);
  });

  it('skips every file that exists and appends to an existing .gitignore', () => {
    const steps = planScaffold({
      ...base,
      existing: new Set([CONFIG_PATH, CI_WORKFLOW_PATH, GITIGNORE_PATH]),
      gitignore: 'node_modules/\n',
    });
    expect(steps.map((s) => [s.path, s.action])).toEqual([
      [CONFIG_PATH, 'skip'],
      [EXAMPLE_WORKFLOW_PATH, 'skip'],
      [EXAMPLE_IMAGE_PATH, 'skip'],
      [GITIGNORE_PATH, 'append'],
      [CI_WORKFLOW_PATH, 'skip'],
    ]);
    const example = steps.find((s) => s.path === EXAMPLE_WORKFLOW_PATH);
    expect(example?.action === 'skip' && example.reason).toBe(
      'vtr-wf.yaml exists, so the project has its own specs',
    );
    const gitignore = steps.find((s) => s.path === GITIGNORE_PATH);
    expect(gitignore?.action === 'append' && gitignore.append).toBe(
      '# vtr-wf: emulator state and backups\n.vtr-wf/\n',
    );
  });

  it('adds the example spec to a new config even when workflows/ exists', () => {
    const steps = planScaffold({ ...base, existing: new Set(['workflows/other.yaml']) });
    expect(steps.find((s) => s.path === EXAMPLE_WORKFLOW_PATH)?.action).toBe('create');
  });

  it('leaves the CI workflow out on request', () => {
    expect(planScaffold({ ...base, ci: false }).map((s) => s.path)).not.toContain(CI_WORKFLOW_PATH);
  });
});

describe('the config template', () => {
  it('parses to the VTR catalog, a local emulator environment and nothing else live', () => {
    const text = renderConfigTemplate({
      project: 'acme-ocr',
      schemaDir: 'schemas',
      models: VTR_MODELS,
    });
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./schemas/config.schema.json',
    );
    const config = parse(text) as Record<string, unknown>;
    expect(config).toEqual({
      project: 'acme-ocr',
      workflows: 'workflows',
      models: Object.fromEntries(
        VTR_MODELS.map((m) => [m.alias, { id: m.id, version: m.version, role: m.role }]),
      ),
      environments: { local: { emulator: true } },
    });
  });

  it('keeps every id and version a string and quotes a project name YAML would misread', () => {
    for (const project of ['123', 'true', 'null', 'on', '1e5']) {
      const config = parse(renderConfigTemplate({ project, schemaDir: 's', models: VTR_MODELS }));
      expect(config.project).toBe(project);
    }
  });

  it('holds a remote example that becomes valid config once uncommented', () => {
    const text = renderConfigTemplate({ project: 'p', schemaDir: 's', models: VTR_MODELS });
    const uncommented = text.replace(/^ {2}# ( *[a-z_-]+:(?: |$))/gm, '  $1');
    const config = parse(uncommented) as { environments: Record<string, Record<string, unknown>> };
    expect(config.environments.staging).toMatchObject({
      endpoint: 'api.clarifai.com:443',
      pat_env: 'CLARIFAI_PAT',
      models: { 'text-recognizer': { version: VTR_MODELS[2]!.version } },
    });
  });
});

describe('the workflow template', () => {
  it('is the correctly wired VTR workflow', () => {
    const text = renderWorkflowTemplate({ schemaDir: 'node_modules/vtr-wf/schemas' });
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/vtr-wf/schemas/workflow.schema.json',
    );
    expect(parse(text)).toEqual({
      id: 'visual-text-recognition',
      description: 'Detect, crop and read text in images',
      nodes: [
        { id: 'detect-concept', model: 'text-detector' },
        { id: 'image-crop', model: 'cropper', inputs: ['detect-concept'] },
        { id: 'image-to-text', model: 'text-recognizer', inputs: ['image-crop'] },
      ],
      tests: [
        {
          name: 'sold-sign',
          image: 'images/sold-sign.png',
          expect: { text: ['SOLD', 'HOUSE FOR SALE'], absent: ['RENT'], min_regions: 2 },
        },
      ],
    });
  });
});
