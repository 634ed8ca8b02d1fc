import { describe, expect, it } from 'vitest';
import type { Config, Environment, ModelRef } from '../spec/types.js';
import { planPromotion } from './promotion.js';

function env(name: string, models: Record<string, ModelRef> = {}): Environment {
  return { name, kind: 'emulator', user_id: 'local', app_id: name, state: '/s.json', models };
}

const CATALOG = {
  det: { id: 'd', version: 'd1', role: 'detector' as const },
  rec: { id: 'r', version: 'r1', role: 'recognizer' as const },
};

function config(environments: Environment[]): Pick<Config, 'models' | 'environments'> {
  return {
    models: CATALOG,
    environments: Object.fromEntries(environments.map((e) => [e.name, e])),
  };
}

describe('planPromotion', () => {
  it("writes the source's differing pins into the target's overrides", () => {
    const c = config([env('dev', { rec: { version: 'r2' } }), env('staging')]);
    expect(planPromotion(c, 'dev', 'staging', ['det', 'rec'])).toEqual([
      {
        alias: 'rec',
        from: { id: 'r', version: 'r2', role: 'recognizer' },
        to: { id: 'r', version: 'r1', role: 'recognizer' },
        edits: [{ alias: 'rec', field: 'version', before: undefined, after: 'r2' }],
      },
    ]);
  });

  it("removes the target's override where the source runs the catalog pin, role overrides aside", () => {
    const c = config([
      env('prod'),
      env('dev', { rec: { version: 'r2', user_id: 'x', role: 'recognizer' } }),
    ]);
    expect(planPromotion(c, 'prod', 'dev', ['det', 'rec'])[0]?.edits).toEqual([
      { alias: 'rec', field: 'version', before: 'r2', after: undefined },
      { alias: 'rec', field: 'user_id', before: 'x', after: undefined },
    ]);
  });

  it('copies every pin field that differs, and nothing for identical pins', () => {
    const c = config([
      env('a', { rec: { id: 'r9', version: 'r9', app_id: 'models', user_id: 'acme' } }),
      env('b', { rec: { id: 'r9', version: 'r9', app_id: 'models', user_id: 'acme' } }),
      env('c', { rec: { version: 'r9' } }),
    ]);
    expect(planPromotion(c, 'a', 'b', ['det', 'rec'])).toEqual([]);
    expect(
      planPromotion(c, 'a', 'c', ['rec'])[0]?.edits.map((e) => [e.field, e.before, e.after]),
    ).toEqual([
      ['id', undefined, 'r9'],
      ['user_id', undefined, 'acme'],
      ['app_id', undefined, 'models'],
    ]);
  });

  it('counts a redundant override as the same pin (no churn)', () => {
    const c = config([env('a'), env('b', { rec: { version: 'r1' } })]);
    expect(planPromotion(c, 'a', 'b', ['rec'])).toEqual([]);
  });
});
