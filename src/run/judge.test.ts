import { describe, expect, it } from 'vitest';
import { judge, regionsFound } from './judge.js';
import type { NodeRun } from './types.js';

const ok = { code: 10000, description: 'Ok' };
const node = (id: string, regions: number, status = ok): NodeRun => ({
  id,
  model: { id, version: 'v' },
  status,
  regions: Array.from({ length: regions }, () => ({
    box: { top: 0, left: 0, bottom: 1, right: 1 },
  })),
});

describe('judging a test case', () => {
  it('counts the regions of detector nodes, or the largest count when no role is known', () => {
    const nodes = [node('detect', 3), node('crop', 3), node('read', 3)];
    const roles: Record<string, 'detector' | 'cropper' | 'recognizer'> = {
      detect: 'detector',
      crop: 'cropper',
    };
    expect(regionsFound(nodes, (n) => roles[n.id])).toBe(3);
    expect(regionsFound([node('a', 2), node('b', 5)], () => undefined)).toBe(5);
    expect(regionsFound([node('crop', 4)], () => 'cropper')).toBe(0);
    expect(regionsFound([], () => undefined)).toBe(0);
  });

  it('passes when every expectation holds', () => {
    const run = { status: ok, text: 'FOR SALE\nCALL NOW', nodes: [node('d', 2)] };
    expect(judge({ text: ['sale', 'call now'], absent: ['RENT'], min_regions: 2 }, run, 2)).toEqual(
      [],
    );
  });

  it('says each way it failed, and names nodes that could not run', () => {
    const failed = { code: 10020, description: 'the emulator cannot run model x' };
    const run = { status: ok, text: 'CURRENT SALE', nodes: [node('d', 0), node('r', 0, failed)] };
    expect(judge({ text: ['SOLD'], absent: ['sale', 'RENT'], min_regions: 1 }, run, 0)).toEqual([
      'expected "SOLD" to be read',
      '"sale" was read but must be absent',
      'found 0 text regions, expected at least 1',
      'node r failed: the emulator cannot run model x',
    ]);
    const broken = { status: { code: 30002, description: 'cannot fetch' }, text: '', nodes: [] };
    expect(judge({ min_regions: 0 }, broken, 0)).toEqual([
      'the workflow failed on this image: 30002 cannot fetch',
    ]);
  });
});
