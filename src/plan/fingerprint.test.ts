import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../model/api-types.js';
import { serverFill, vtrWorkflow } from './fake-server.test-support.js';
import { liveFingerprint, specHash } from './fingerprint.js';
import { toApiWorkflow } from './to-api.js';

const mark = { project: 'p', spec_hash: 'h' };
const stored = (): ApiWorkflow =>
  serverFill(toApiWorkflow(vtrWorkflow(), { team: 'ocr' }, mark), 1);

describe('specHash', () => {
  it('is a sha256 hex that follows content, not key order', () => {
    const w = vtrWorkflow();
    expect(specHash(w)).toMatch(/^[0-9a-f]{64}$/);
    const reKeyed = { nodes: w.nodes, notes: w.notes, description: w.description, id: w.id };
    expect(specHash(reKeyed)).toBe(specHash(w));
    expect(specHash(vtrWorkflow(undefined, 'ffff'))).not.toBe(specHash(w));
  });
});

describe('liveFingerprint', () => {
  it('ignores node order and server-filled fields', () => {
    const other = serverFill(toApiWorkflow(vtrWorkflow(), { team: 'ocr' }, mark), 99);
    other.modified_at = '2030-01-01T00:00:00Z';
    other.star_count = 12;
    expect(liveFingerprint(other)).toBe(liveFingerprint(stored()));
  });

  it('changes with any meaningful edit by another client', () => {
    const base = liveFingerprint(stored());
    const edits: ((w: ApiWorkflow) => void)[] = [
      (w) => (w.description = 'changed'),
      (w) => (w.notes = 'n'),
      (w) => ((w.metadata as Record<string, unknown>).team = 'other'),
      (w) => ((w.metadata as Record<string, unknown>)['vtr-wf'] = { project: 'x', spec_hash: 'h' }),
      (w) => (w.use_cases = ['ocr']),
      (w) => (w.nodes[0]!.suppress_output = true),
      (w) => (w.nodes[0]!.model.model_version = { id: 'other' }),
      (w) => (w.nodes[0]!.output_info_override = { params: { min_value: 0.1 } }),
      (w) => w.nodes.pop(),
    ];
    for (const edit of edits) {
      const w = stored();
      edit(w);
      expect(liveFingerprint(w), edit.toString()).not.toBe(base);
    }
  });
});
