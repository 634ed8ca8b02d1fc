import { describe, expect, it } from 'vitest';
import { checkShape } from './shape.js';

const brief = (kind: 'workflow' | 'config', data: unknown) =>
  checkShape(kind, data as never).map(
    (p) => `${p.code} ${p.pointer}${p.suggestion ? ` (${p.suggestion})` : ''}`,
  );

describe('checkShape', () => {
  it('accepts a full spec', () => {
    expect(
      brief('workflow', {
        id: 'x',
        description: 'd',
        notes: 'n',
        nodes: [
          { id: 'a', model: 'm', inputs: [], suppress_output: true, params: { k: [1] } },
          {
            id: 'b',
            model: { id: 'i', version: 'v', user_id: 'u', app_id: 'p', role: 'cropper' },
            inputs: ['a'],
          },
        ],
      }),
    ).toEqual([]);
  });

  it('leaves id format and node counts to the rules', () => {
    expect(brief('workflow', { id: 'Not Valid', nodes: [] })).toEqual([]);
  });

  it('names unknown keys with the nearest known key of the right definition', () => {
    const problems = brief('workflow', {
      id: 'x',
      nodes: [{ id: 'a', model: { id: 'm', verison: '1' }, inptus: [] }],
    });
    expect(new Set(problems)).toEqual(
      new Set([
        'unknown-key /nodes/0/model/verison (did you mean `version`?)',
        'unknown-key /nodes/0/inptus (did you mean `inputs`?)',
      ]),
    );
  });

  it('tells emulator keys from remote ones', () => {
    const problems = checkShape('config', {
      environments: {
        local: { emulator: true, endpoint: 'x:1' },
        prod: { user_id: 'u', app_id: 'a', state: 's' },
      },
    });
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ['unknown-key', '/environments/local/endpoint'],
      ['unknown-key', '/environments/prod/state'],
    ]);
    expect(problems[0]!.message).toContain('remote environments');
    expect(problems[1]!.message).toContain('emulator environments');
  });

  it('asks to quote numbers and booleans where strings belong', () => {
    const problems = checkShape(
      'workflow',
      { id: 12, nodes: [{ id: true, model: { id: 'm', version: 1000 } }] },
      (p) => (p === '/nodes/0/model/version' ? '1e3' : undefined),
    );
    expect(problems.map((p) => [p.code, p.pointer, p.suggestion])).toEqual([
      ['not-a-string', '/id', 'quote it: "12"'],
      ['not-a-string', '/nodes/0/id', 'quote it: "true"'],
      ['not-a-string', '/nodes/0/model/version', 'quote it: "1e3"'],
    ]);
    expect(problems[2]!.message).toContain('`1e3`');
  });

  it('reports one problem per wrongly typed value', () => {
    expect(brief('workflow', { id: 'x', nodes: [{ id: 'a', model: [1] }] })).toEqual([
      'wrong-type /nodes/0/model',
    ]);
    expect(brief('workflow', { id: 'x', nodes: [{ id: 'a', model: 'm', inputs: 'b' }] })).toEqual([
      'wrong-type /nodes/0/inputs (write a list: inputs: [b])',
    ]);
  });

  it('reports missing fields at their would-be pointer', () => {
    expect(brief('workflow', { nodes: [{ model: 'm' }] })).toEqual([
      'missing-field /id',
      'missing-field /nodes/0/id',
    ]);
    expect(brief('config', { environments: { prod: { app_id: 'a' } } })).toEqual([
      'missing-field /environments/prod/user_id',
    ]);
  });

  it('reports values outside their set', () => {
    expect(brief('config', { models: { m: { id: 'x', role: 'detecter' } } })).toEqual([
      'invalid-value /models/m/role (did you mean `detector`?)',
    ]);
  });

  it('wants a mapping at the top', () => {
    expect(brief('workflow', [1])).toEqual(['not-a-mapping ']);
    expect(brief('config', 'text')).toEqual(['not-a-mapping ']);
  });
});
