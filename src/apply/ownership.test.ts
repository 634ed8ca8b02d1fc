import { describe, expect, it } from 'vitest';
import type { PlanChange } from '../plan/types.js';
import { refusedTargets, unconfirmedAdoption, type LiveMetadata } from './ownership.js';

const workflow = (id: string) => ({ id, description: '', notes: '', nodes: [] });
const ours: LiveMetadata = { metadata: { 'vtr-wf': { project: 'p', spec_hash: 'h' } } };
const theirs: LiveMetadata = { metadata: { 'vtr-wf': { project: 'q', spec_hash: 'h' } } };
const unmarked: LiveMetadata = { metadata: { team: 'ocr' } };
const junkMark: LiveMetadata = { metadata: { 'vtr-wf': 'p' } };

function refused(changes: PlanChange[], live: Record<string, LiveMetadata | null>): string[] {
  return refusedTargets(changes, new Map(Object.entries(live)), 'p').map((r) => r.id);
}

describe('ownership of a plan’s targets', () => {
  it('lets a plan touch what a fresh plan could', () => {
    expect(
      refused(
        [
          { action: 'create', id: 'new', workflow: workflow('new') },
          { action: 'update', id: 'mine', workflow: workflow('mine') },
          { action: 'update', id: 'adopted', workflow: workflow('adopted'), adopt: true },
          { action: 'delete', id: 'old' },
          { action: 'rename', id: 'b', from: 'a', workflow: workflow('b') },
        ],
        { new: null, mine: ours, adopted: unmarked, old: ours, a: ours, b: null },
      ),
    ).toEqual([]);
  });

  it('refuses unmarked targets unless the plan adopted them, and never deletes them', () => {
    expect(
      refused(
        [
          { action: 'update', id: 'hand', workflow: workflow('hand') },
          { action: 'update', id: 'junk', workflow: workflow('junk') },
          { action: 'delete', id: 'gone', adopt: true } as PlanChange,
          { action: 'rename', id: 'b', from: 'a', workflow: workflow('b') },
        ],
        { hand: unmarked, junk: junkMark, gone: unmarked, a: unmarked, b: null },
      ),
    ).toEqual(['hand', 'junk', 'gone', 'a']);
  });

  it('never touches another project’s workflow, adopted or not', () => {
    expect(
      refused(
        [
          { action: 'update', id: 'x', workflow: workflow('x'), adopt: true },
          { action: 'delete', id: 'y' },
        ],
        { x: theirs, y: theirs },
      ),
    ).toEqual(['x', 'y']);
  });

  it('refuses a create or a rename onto a live id, and any change of the lease', () => {
    expect(
      refused(
        [
          { action: 'create', id: 'taken', workflow: workflow('taken') },
          { action: 'rename', id: 'b', from: 'a', workflow: workflow('b') },
          { action: 'delete', id: 'vtr-wf-lock-p' },
        ],
        { taken: unmarked, a: ours, b: ours, 'vtr-wf-lock-p': ours },
      ),
    ).toEqual(['taken', 'b', 'vtr-wf-lock-p']);
  });

  it('says why', () => {
    const [first] = refusedTargets(
      [{ action: 'delete', id: 'hand' }],
      new Map([['hand', unmarked]]),
      'p',
    );
    expect(first?.reason).toMatch(/no vtr-wf mark/);
  });
});

describe('unconfirmedAdoption (a plan file adopts only what apply --adopt confirms)', () => {
  const adopting: PlanChange[] = [
    { action: 'update', id: 'mine', workflow: workflow('mine') },
    { action: 'update', id: 'hand', workflow: workflow('hand'), adopt: true },
    { action: 'rename', id: 'new', from: 'old', workflow: workflow('new'), adopt: true },
  ];

  it('agrees when the confirmed ids are exactly the adopted ones (a rename by its live id)', () => {
    expect(unconfirmedAdoption(adopting, ['old', 'hand'])).toBeNull();
    expect(unconfirmedAdoption(adopting.slice(0, 1), [])).toBeNull();
  });

  it('refuses an adoption not confirmed, and a confirmation the plan does not adopt', () => {
    expect(unconfirmedAdoption(adopting, [])).toMatch(/confirm with `--adopt hand old`/);
    expect(unconfirmedAdoption(adopting, ['hand'])).toMatch(/`old`/);
    expect(unconfirmedAdoption(adopting, ['hand', 'old', 'mine'])).toMatch(
      /--adopt mine: the plan does not adopt it/,
    );
  });
});
