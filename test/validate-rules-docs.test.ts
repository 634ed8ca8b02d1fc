/**
 * The rule list, its documentation and its fixtures stay in step: every code
 * in src/spec/rule-codes.ts has a row in docs/rules.md with its severity, a
 * failing fixture that reports it and a passing fixture that does not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/spec/rule-codes.js';
import { REPO_ROOT } from './helpers/cli.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs/rules.md'), 'utf8');
const FIXTURES = join(REPO_ROOT, 'test/fixtures/validate');
const rows = new Map(
  [...DOC.matchAll(/^\| `([a-z-]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()] as const),
);

const codesIn = (fixture: string) => {
  const { diagnostics } = JSON.parse(
    readFileSync(join(FIXTURES, fixture, 'expected.json'), 'utf8'),
  ) as {
    diagnostics: { code: string }[];
  };
  return diagnostics.map((d) => d.code);
};

describe('rule codes', () => {
  it('docs/rules.md has exactly the rules, each with its severity', () => {
    expect([...rows.keys()].sort()).toEqual(RULES.map((r) => r.code).sort());
    for (const rule of RULES)
      expect(rows.get(rule.code), rule.code).toMatch(new RegExp(`^${rule.severity}`));
  });

  it.each(RULES.map((r) => r.code))('%s has a failing and a passing fixture', (code) => {
    expect(existsSync(join(FIXTURES, code)), `fixture ${code}/`).toBe(true);
    expect(existsSync(join(FIXTURES, `${code}-ok`)), `fixture ${code}-ok/`).toBe(true);
    // too-large's big file is generated at test time: its expectation is still committed.
    expect(codesIn(code)).toContain(code);
    expect(codesIn(`${code}-ok`)).not.toContain(code);
  });
});
