import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTALLED_SCHEMA_DIR, locateSchemas, runningPackageRoot } from './schema-location.js';

const scratch = mkdtempSync(join(tmpdir(), 'vtr-wf-schemas-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function withSchemas(dir: string): string {
  mkdirSync(join(dir, 'schemas'), { recursive: true });
  writeFileSync(join(dir, 'schemas/config.schema.json'), '{}');
  return dir;
}

describe('locateSchemas', () => {
  it("prefers the project's own install", () => {
    const project = join(scratch, 'installed');
    withSchemas(join(project, 'node_modules/vtr-wf'));
    const pkg = withSchemas(join(project, 'vendor/vtr-wf'));
    expect(locateSchemas(project, pkg)).toEqual({ schemaDir: INSTALLED_SCHEMA_DIR, present: true });
  });

  it('uses the running package when it lives inside the project', () => {
    const project = join(scratch, 'vendored');
    const pkg = withSchemas(join(project, 'tools/vtr-wf'));
    expect(locateSchemas(project, pkg)).toEqual({
      schemaDir: 'tools/vtr-wf/schemas',
      present: true,
    });
    expect(locateSchemas(pkg, pkg)).toEqual({ schemaDir: 'schemas', present: true });
  });

  it('never points outside the project: a global install means "after npm install"', () => {
    const project = join(scratch, 'plain');
    mkdirSync(project);
    const pkg = withSchemas(join(scratch, 'global/vtr-wf'));
    expect(locateSchemas(project, pkg)).toEqual({
      schemaDir: INSTALLED_SCHEMA_DIR,
      present: false,
    });
  });

  it('finds the package root of the running code', () => {
    expect(locateSchemas(runningPackageRoot()).schemaDir).toBe('schemas');
  });
});
