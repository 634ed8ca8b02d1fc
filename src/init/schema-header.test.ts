import { describe, expect, it } from 'vitest';
import { schemaHeader } from './schema-header.js';

describe('schemaHeader', () => {
  it('is relative to the headed file', () => {
    expect(schemaHeader('config', 'node_modules/vtr-wf/schemas', '.')).toBe(
      '# yaml-language-server: $schema=./node_modules/vtr-wf/schemas/config.schema.json',
    );
    expect(schemaHeader('workflow', 'node_modules/vtr-wf/schemas', 'workflows')).toBe(
      '# yaml-language-server: $schema=../node_modules/vtr-wf/schemas/workflow.schema.json',
    );
    expect(schemaHeader('workflow', 'schemas', 'workflows/nested')).toBe(
      '# yaml-language-server: $schema=../../schemas/workflow.schema.json',
    );
  });
});
