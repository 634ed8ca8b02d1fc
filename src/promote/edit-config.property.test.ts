/**
 * Promotion edits on generated configs: block and flow styles, overrides
 * present, partial or absent, an empty `models:`, comments everywhere. Every
 * edit must read back as intended (applyPinEdits checks that itself, or
 * throws), every comment line must survive, and nothing outside the target
 * environment may change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Config, Environment, ModelRef } from '../spec/types.js';
import { applyPinEdits } from './edit-config.js';
import { planPromotion } from './promotion.js';

const ALIASES = ['det', 'rec'] as const;
const ENVS = ['dev', 'staging', 'prod'] as const;
const FIELDS = ['id', 'version', 'user_id', 'app_id'] as const;

const value = fc.constantFrom('v1', 'v2', '0123', 'abc-def', 'e1e2e3');
const override = fc.record(
  { id: value, version: value, user_id: value, app_id: value, role: fc.constant('recognizer') },
  { requiredKeys: [] },
);
const envShape = fc.record({
  flow: fc.boolean(),
  models: fc.oneof(
    fc.constant<'absent' | 'empty'>('absent'),
    fc.constant<'absent' | 'empty'>('empty'),
    fc.record({
      flow: fc.boolean(),
      overrides: fc.dictionary(fc.constantFrom(...ALIASES), override, { maxKeys: 2 }),
    }),
  ),
  comment: fc.boolean(),
});

type EnvShape = typeof envShape extends fc.Arbitrary<infer T> ? T : never;

function flowMap(entries: Record<string, string>): string {
  return `{ ${Object.entries(entries)
    .map(([k, v]) => `${k}: "${v}"`)
    .join(', ')} }`;
}

function renderEnv(name: string, shape: EnvShape): string {
  const models = shape.models;
  if (shape.flow && models !== 'empty') {
    const parts = ['app_id: x'];
    if (models !== 'absent') {
      const inner = Object.entries(models.overrides).map(
        ([alias, o]) => `${alias}: ${flowMap(o as Record<string, string>)}`,
      );
      parts.push(`models: { ${inner.join(', ')} }`);
    }
    return `  ${name}: { ${parts.join(', ')} }${shape.comment ? '   # flow env' : ''}\n`;
  }
  let text = `  ${name}:${shape.comment ? '   # block env' : ''}\n    app_id: x\n`;
  if (models === 'empty') return text + '    models:\n';
  if (models === 'absent') return text;
  text += '    models:\n';
  if (shape.comment) text += '      # overrides of this stage\n';
  for (const [alias, o] of Object.entries(models.overrides)) {
    const entries = o as Record<string, string>;
    if (Object.keys(entries).length === 0 || models.flow) {
      text += `      ${alias}: ${flowMap(entries)}${shape.comment ? '  # pinned' : ''}\n`;
    } else {
      text += `      ${alias}:\n${Object.entries(entries)
        .map(([k, v]) => `        ${k}: '${v}'\n`)
        .join('')}`;
    }
  }
  return text;
}

const CATALOG_TEXT =
  'models:\n  det:   { id: "d", version: "v1" }   # aligned\n  rec:   { id: "r", version: "v1", user_id: "v1" }\n';

function configOf(text: string): Pick<Config, 'models' | 'environments'> {
  const data = parse(text) as {
    models: Record<string, ModelRef>;
    environments: Record<string, { models?: Record<string, ModelRef> | null }>;
  };
  const environments: Record<string, Environment> = {};
  for (const [name, env] of Object.entries(data.environments)) {
    environments[name] = {
      name,
      kind: 'emulator',
      user_id: 'u',
      app_id: 'x',
      state: '/s',
      models: env.models ?? {},
    };
  }
  return { models: data.models, environments };
}

describe('applyPinEdits (property)', () => {
  it('edits only the target environment, keeps every comment, and reads back as planned', () => {
    fc.assert(
      fc.property(
        fc.tuple(envShape, envShape, envShape),
        fc.constantFrom(...ENVS),
        fc.constantFrom(...ENVS),
        fc.subarray([...ALIASES], { minLength: 1 }),
        (shapes, from, to, aliases) => {
          fc.pre(from !== to);
          const text =
            '# head\n' +
            CATALOG_TEXT +
            '\nenvironments:\n' +
            ENVS.map((e, i) => renderEnv(e, shapes[i]!)).join('');
          const config = configOf(text);
          const promotions = planPromotion(config, from, to, aliases);
          const out = applyPinEdits(
            text,
            to,
            promotions.flatMap((p) => p.edits),
          );

          // The target now runs the source's pins; no other environment moved.
          const after = configOf(out);
          for (const alias of aliases) {
            const pin = (env: string, c: typeof config) => ({
              ...c.models[alias],
              ...c.environments[env]!.models[alias],
            });
            for (const f of FIELDS) expect(pin(to, after)[f]).toBe(pin(from, config)[f]);
          }
          for (const env of ENVS.filter((e) => e !== to))
            expect(after.environments[env]).toEqual(config.environments[env]);
          // Comments survive; the catalog's aligned text is untouched.
          for (const line of text.split('\n').filter((l) => l.includes('#'))) {
            if (!line.includes('pinned') && !line.includes('flow env'))
              expect(out).toContain(line.trim());
          }
          expect(out).toContain(CATALOG_TEXT);
        },
      ),
      { numRuns: 300 },
    );
  });
});
