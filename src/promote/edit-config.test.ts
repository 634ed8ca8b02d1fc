import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyPinEdits, ConfigEditError } from './edit-config.js';
import type { PinEdit } from './promotion.js';

const CONFIG = `# head comment
models:
  text-detector:   { id: "d", version: "dv", role: detector }
  text-recognizer: { id: "r", version: "rv", role: recognizer }   # catalog pin

environments:
  # the first stage
  dev:
    user_id: acme          # aligned comment
    app_id: vtr-dev
    models:
      # newer recognizer
      text-recognizer: { version: "rv2" }   # bumped
  staging:
    user_id: acme
    app_id: vtr-staging
  local: { emulator: true }
  prod:
    user_id: acme
    app_id: vtr-prod
    models:
      text-recognizer:
        version: 'rv1'
        user_id: someone
      text-detector: { version: dv1 }
`;

const set = (alias: string, field: PinEdit['field'], after: string, before?: string): PinEdit => ({
  alias,
  field,
  before,
  after,
});
const remove = (alias: string, field: PinEdit['field'], before: string): PinEdit => ({
  alias,
  field,
  before,
  after: undefined,
});

/** The lines a unified diff of the two texts shows as removed and added. */
function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const parts = diffLines(a, b);
  const lines = (kind: 'added' | 'removed') =>
    parts.filter((p) => p[kind]).flatMap((p) => p.value.replace(/\n$/, '').split('\n'));
  return { removed: lines('removed'), added: lines('added') };
}

describe('applyPinEdits', () => {
  it('adds a models: block to an environment without one, touching nothing else', () => {
    const out = applyPinEdits(CONFIG, 'staging', [set('text-recognizer', 'version', 'rv2')]);
    expect(changedLines(CONFIG, out)).toEqual({
      removed: [],
      added: ['    models:', '      text-recognizer: { version: "rv2" }'],
    });
    expect(parse(out).environments.staging.models).toEqual({
      'text-recognizer': { version: 'rv2' },
    });
  });

  it('changes a value in place, keeping its quote style and the comments around it', () => {
    const out = applyPinEdits(CONFIG, 'prod', [set('text-recognizer', 'version', 'rv2', 'rv1')]);
    expect(changedLines(CONFIG, out)).toEqual({
      removed: ["        version: 'rv1'"],
      added: ["        version: 'rv2'"],
    });
    const dev = applyPinEdits(CONFIG, 'dev', [set('text-recognizer', 'version', 'rv3', 'rv2')]);
    expect(changedLines(CONFIG, dev).added).toEqual([
      '      text-recognizer: { version: "rv3" }   # bumped',
    ]);
  });

  it('removes fields, then emptied overrides, then an emptied models: map', () => {
    const out = applyPinEdits(CONFIG, 'prod', [
      remove('text-recognizer', 'version', 'rv1'),
      remove('text-recognizer', 'user_id', 'someone'),
      remove('text-detector', 'version', 'dv1'),
    ]);
    expect(parse(out).environments.prod).toEqual({ user_id: 'acme', app_id: 'vtr-prod' });
    expect(out).toContain('# head comment');
    expect(changedLines(CONFIG, out).added).toEqual([]);
    const dev = applyPinEdits(CONFIG, 'dev', [remove('text-recognizer', 'version', 'rv2')]);
    expect(parse(dev).environments.dev).toEqual({ user_id: 'acme', app_id: 'vtr-dev' });
    // The comment above the removed override stays in the file.
    expect(dev).toContain('# newer recognizer');
    expect(dev).toContain('user_id: acme          # aligned comment');
  });

  it('adds a field to an existing flow override and edits flow-style environments', () => {
    const out = applyPinEdits(CONFIG, 'dev', [set('text-recognizer', 'id', 'r2')]);
    expect(changedLines(CONFIG, out).added).toEqual([
      '      text-recognizer: { version: "rv2", id: "r2" }   # bumped',
    ]);
    const local = applyPinEdits(CONFIG, 'local', [set('text-detector', 'version', 'dv9')]);
    expect(changedLines(CONFIG, local).added).toEqual([
      '  local: { emulator: true, models: { text-detector: { version: "dv9" } } }',
    ]);
  });

  it('fills an empty `models:` key', () => {
    const text = 'environments:\n  dev:\n    app_id: a\n    models:\n  prod:\n    app_id: b\n';
    const out = applyPinEdits(text, 'dev', [set('x', 'version', '1')]);
    expect(parse(out)).toEqual({
      environments: {
        dev: { app_id: 'a', models: { x: { version: '1' } } },
        prod: { app_id: 'b' },
      },
    });
  });

  it('refuses to edit through YAML aliases and merge keys', () => {
    const aliased = 'environments:\n  staging: &s\n    app_id: a\n  prod: *s\n';
    expect(() => applyPinEdits(aliased, 'prod', [set('x', 'version', '1')])).toThrow(
      ConfigEditError,
    );
    const merged =
      'environments:\n  staging: &s\n    app_id: a\n  prod:\n    <<: *s\n    user_id: u\n';
    expect(() => applyPinEdits(merged, 'prod', [set('x', 'version', '1')])).toThrow(/merge key/);
  });
});
