import { describe, expect, it } from 'vitest';
import type { ApiNode } from '../clarifai/types.js';
import { imageRunOf } from './from-result.js';

const node = (id: string, model: string, suppress = false): ApiNode => ({
  id,
  model: { id: model, model_version: { id: `${model}-v` } },
  suppress_output: suppress,
});

describe('a result as node runs', () => {
  it('matches outputs to nodes by model, skipping suppressed nodes, and reads the text', () => {
    const nodes = [node('detect', 'det'), node('crop', 'crop', true), node('read', 'rec')];
    const run = imageRunOf(
      'a.png',
      {
        status: { code: 10000, description: 'Ok' },
        outputs: [
          {
            status: { code: 10000, description: 'Ok' },
            model: { id: 'det', model_version: { id: 'det-v' } },
            data: {
              regions: [
                {
                  value: 0.9,
                  region_info: {
                    bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.2, right_col: 0.5 },
                  },
                },
              ],
            },
          },
          {
            status: { code: 10000, description: 'Ok' },
            model: { id: 'rec', model_version: { id: 'rec-v' } },
            data: {
              regions: [
                {
                  region_info: {
                    bounding_box: {
                      top_row: 0.100000001,
                      left_col: 0.1,
                      bottom_row: 0.2,
                      right_col: 0.5,
                    },
                  },
                  data: { text: { raw: 'SOLD' } },
                },
              ],
            },
          },
        ],
      },
      nodes,
    );
    expect(run.text).toBe('SOLD');
    expect(run.nodes.map((n) => n.id)).toEqual(['detect', 'read']);
    expect(run.nodes[0]?.regions[0]).toEqual({
      box: { top: 0.1, left: 0.1, bottom: 0.2, right: 0.5 },
      confidence: 0.9,
    });
    expect(run.nodes[1]?.regions[0]?.text).toBe('SOLD');
    expect(run.nodes[1]?.model).toEqual({ id: 'rec', version: 'rec-v' });
  });

  it('keeps whole-input text, and prefers an output id that names a node', () => {
    const run = imageRunOf(
      'b.png',
      {
        status: { code: 10000, description: 'Ok' },
        outputs: [{ id: 'second', model: { id: 'rec' }, data: { text: { raw: 'HELLO' } } }],
      },
      [node('first', 'rec'), node('second', 'rec')],
    );
    expect(run.nodes[0]?.id).toBe('second');
    expect(run.nodes[0]?.text).toBe('HELLO');
    expect(run.text).toBe('HELLO');
  });
});
