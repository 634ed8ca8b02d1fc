import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/types.js';
import type { Config } from '../spec/types.js';
import { parsePlan, planTargetMismatch } from './plan-file.js';

const plan: Plan = {
  format_version: 2,
  environment: 'prod',
  user_id: 'u',
  app_id: 'a',
  project: 'p',
  summary: { create: 1, update: 0, delete: 0, rename: 0, unchanged: 0 },
  changes: [
    {
      action: 'create',
      id: 'w',
      workflow: { id: 'w', description: '', notes: '', nodes: [] },
      metadata: {},
    },
  ],
  unmanaged: [],
  fingerprints: { w: null },
  versions: {},
  api_calls: 1,
};
const config: Pick<Config, 'project' | 'environments'> = {
  project: 'p',
  environments: {
    prod: { name: 'prod', kind: 'emulator', user_id: 'u', app_id: 'a', state: '', models: {} },
  },
};

describe('plan files', () => {
  it('round-trip through JSON', () => {
    expect(parsePlan(JSON.stringify(plan), 'f')).toEqual(plan);
  });

  it('carries the workflow fields a spec may declare (metadata, visibility, use_cases, check_consents, image, node concepts and output_config)', () => {
    const withFields: Plan = {
      ...plan,
      changes: [
        {
          action: 'create',
          id: 'w',
          workflow: {
            id: 'w',
            description: '',
            notes: '',
            nodes: [
              {
                id: 'n',
                model: { id: 'm', version: 'v' },
                inputs: [],
                suppress_output: false,
                params: {},
                concepts: [{ id: 'text', value: 1 }],
                output_config: { max_concepts: 5 },
              },
            ],
            metadata: { team: 'ocr' },
            visibility: 'org',
            use_cases: ['ocr'],
            check_consents: [''],
            image: { url: 'https://example.com/icon.png' },
          },
          metadata: {},
        },
      ],
    };
    expect(parsePlan(JSON.stringify(withFields), 'f')).toEqual(withFields);
  });

  it('reads a version-1 plan as version 2 with no renames and no versions', () => {
    const { versions: _versions, ...v1 } = plan;
    const old = {
      ...v1,
      format_version: 1,
      summary: { create: 1, update: 0, delete: 0, unchanged: 0 },
    };
    expect(parsePlan(JSON.stringify(old), 'f')).toEqual(plan);
  });

  it.each([
    ['not json', 'nope', /not JSON/],
    ['another format version', JSON.stringify({ ...plan, format_version: 3 }), /format_version 3/],
    [
      'a rename in a version-1 plan',
      JSON.stringify({
        ...plan,
        format_version: 1,
        changes: [{ action: 'rename', id: 'w', from: 'v', workflow: {} }],
      }),
      /at \/changes\/0\/action: must be one of "create", "update", "delete"/,
    ],
    [
      'a rename without a fingerprinted from',
      JSON.stringify({
        ...plan,
        changes: [{ action: 'rename', id: 'w', from: 'v', workflow: plan.changes[0]?.workflow }],
      }),
      /at \/fingerprints\/v: no fingerprint for `v`/,
    ],
    [
      'an --all-envs file',
      JSON.stringify({ environments: { prod: plan } }),
      /several environments/,
    ],
    [
      'a change without a fingerprint',
      JSON.stringify({ ...plan, fingerprints: {} }),
      /no fingerprint for `w`/,
    ],
    [
      'a create without a workflow',
      JSON.stringify({ ...plan, changes: [{ action: 'create', id: 'w' }] }),
      /at \/changes\/0\/workflow: is missing/,
    ],
    [
      'a malformed workflow',
      JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], workflow: 'w' }] }),
      /f is not a valid plan, at \/changes\/0\/workflow: must be object, not a string/,
    ],
    [
      'a node without a model',
      JSON.stringify({
        ...plan,
        changes: [
          {
            ...plan.changes[0],
            workflow: {
              id: 'w',
              description: '',
              notes: '',
              nodes: [{ id: 'n', inputs: [], suppress_output: false, params: {} }],
            },
          },
        ],
      }),
      /at \/changes\/0\/workflow\/nodes\/0\/model: is missing/,
    ],
    [
      'a field no plan has',
      JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], extra: 1 }] }),
      /at \/changes\/0\/extra: is not a field/,
    ],
    [
      'a delete carrying a workflow to write',
      JSON.stringify({
        ...plan,
        changes: [{ ...plan.changes[0], action: 'delete' }],
        fingerprints: { w: 'f' },
      }),
      /at \/changes\/0\/workflow: is not allowed in a `delete` change/,
    ],
    [
      'a change whose workflow has another id',
      JSON.stringify({
        ...plan,
        changes: [{ ...plan.changes[0], workflow: { ...plan.changes[0]?.workflow, id: 'x' } }],
      }),
      /at \/changes\/0\/workflow\/id: the change is for `w` but its workflow is `x`/,
    ],
    [
      'two changes of one workflow',
      JSON.stringify({
        ...plan,
        changes: [
          {
            action: 'rename',
            id: 'w',
            from: 'v',
            workflow: plan.changes[0]?.workflow,
          },
          { action: 'delete', id: 'v' },
        ],
        fingerprints: { v: 'f', w: null },
      }),
      /at \/changes\/1: `v` is touched by more than one change/,
    ],
    [
      'an update without a live fingerprint',
      JSON.stringify({
        ...plan,
        changes: [{ ...plan.changes[0], action: 'update' }],
      }),
      /at \/fingerprints\/w: the update of `w` needs the live fingerprint/,
    ],
    [
      'a create of something live',
      JSON.stringify({ ...plan, fingerprints: { w: 'f' } }),
      /at \/fingerprints\/w: `w` is created, so it must not exist/,
    ],
  ])('refuses %s', (_, text, message) => {
    expect(() => parsePlan(text, 'f')).toThrow(message);
  });

  // Issue 14: a saved plan has every key inside its data replaced by [REDACTED];
  // written back, the marker would replace the real value.
  const update = {
    action: 'update' as const,
    id: 'w',
    workflow: { id: 'w', description: '', notes: '', nodes: [] },
    metadata: {},
  };
  it.each([
    [
      "the spec's workflow",
      { ...update, workflow: { ...update.workflow, description: 'key: [REDACTED]' } },
      '/changes/0/workflow/description',
    ],
    [
      'live metadata kept',
      { ...update, metadata: { '[REDACTED]': 'x' } },
      '/changes/0/metadata/[REDACTED]',
    ],
    [
      'a live field kept',
      { ...update, kept: { workflow: {}, nodes: { n: { note: ['a', '[REDACTED]'] } } } },
      '/changes/0/kept/nodes/n/note/1',
    ],
  ])('refuses [REDACTED] in what a change writes: %s', (_, change, pointer) => {
    const text = JSON.stringify({ ...plan, changes: [change], fingerprints: { w: 'f' } });
    expect(() => parsePlan(text, 'f')).toThrow(
      `refusing to apply f: it holds [REDACTED] at ${pointer}, where a key was hidden`,
    );
  });

  it('refuses [REDACTED] in the revision that goes into the mark', () => {
    expect(() => parsePlan(JSON.stringify({ ...plan, revision: '[REDACTED]' }), 'f')).toThrow(
      'it holds [REDACTED] at /revision',
    );
  });

  it('accepts [REDACTED] where it is only shown: the live side and the diffs', () => {
    const shown = {
      ...update,
      before: { ...update.workflow, description: '[REDACTED]' },
      diffs: [{ path: '/description', before: '[REDACTED]', after: '' }],
    };
    const text = JSON.stringify({ ...plan, changes: [shown], fingerprints: { w: 'f' } });
    expect(parsePlan(text, 'f').changes).toEqual([shown]);
  });

  it('counts the summary from the changes, whatever the file says', () => {
    const lying = {
      ...plan,
      summary: { create: 0, update: 0, delete: 0, rename: 0, unchanged: 3 },
    };
    expect(parsePlan(JSON.stringify(lying), 'f').summary).toEqual({
      create: 1,
      update: 0,
      delete: 0,
      rename: 0,
      unchanged: 3,
    });
  });

  it('must target the same environment, app and project', () => {
    expect(planTargetMismatch(plan, { config })).toBeNull();
    expect(planTargetMismatch(plan, { config, envName: 'prod' })).toBeNull();
    expect(planTargetMismatch(plan, { config, envName: 'dev' })).toMatch(
      /made for environment `prod`, not `dev`/,
    );
    expect(planTargetMismatch({ ...plan, app_id: 'b' }, { config })).toMatch(/app u\/b/);
    expect(planTargetMismatch({ ...plan, project: 'q' }, { config })).toMatch(/project `q`/);
    expect(planTargetMismatch({ ...plan, environment: 'gone' }, { config })).toMatch(
      /does not define/,
    );
  });
});
