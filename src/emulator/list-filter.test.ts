import { describe, expect, it } from 'vitest';
import { isStatus, listFilter } from './list-filter.js';
import type { StoredWorkflow } from './state-types.js';

function wf(id: string, description = '', notes = '', visibility = 10): StoredWorkflow {
  return {
    id,
    description,
    notes,
    metadata: null,
    visibility,
    use_cases: [],
    check_consents: [],
    image: null,
    nodes: [],
    created_at: '2025-01-01T00:00:00Z',
    modified_at: '2025-01-01T00:00:00Z',
    version: { id: 'v', created_at: '2025-01-01T00:00:00Z' },
    versions: [],
  };
}

function keep(request: Record<string, unknown>, ...ids: string[]): string[] {
  const filter = listFilter(request);
  if (isStatus(filter)) throw new Error(filter.details);
  return ids
    .map((id) => wf(id))
    .filter((w) => filter.keep(w))
    .map((w) => w.id);
}

describe('listFilter', () => {
  it('id: `*` is the only wildcard; everything else is literal', () => {
    expect(keep({ id: 'a.b*' }, 'a.b-1', 'axb-1', 'a.b')).toEqual(['a.b-1', 'a.b']);
    expect(keep({ id: '(x)*' }, '(x)1', 'x1')).toEqual(['(x)1']);
    expect(keep({ id: '*' }, 'any', 'thing')).toEqual(['any', 'thing']);
  });

  it('search: keywords are word prefixes, case-insensitive; all must match', () => {
    expect(keep({ search: 'Clari' }, 'clarifai-main', 'my-clarifai', 'declarify')).toEqual([
      'clarifai-main',
      'my-clarifai',
    ]);
    expect(keep({ search: 'clari main' }, 'clarifai-main', 'my-clarifai')).toEqual([
      'clarifai-main',
    ]);
    // Punctuation alone is no keyword: it filters nothing.
    expect(keep({ search: ' -- ' }, 'a', 'b')).toEqual(['a', 'b']);
  });

  it('relevance: an id match outranks a description match, which outranks notes', () => {
    const filter = listFilter({ search: 'ocr', sort_by: 'sort_by_relevance' });
    if (isStatus(filter)) throw new Error(filter.details);
    const byId = filter.relevance(wf('ocr-main'));
    const byDescription = filter.relevance(wf('x', 'reads OCR'));
    const byNotes = filter.relevance(wf('y', '', 'ocr'));
    expect(byId).toBeGreaterThan(byDescription);
    expect(byDescription).toBeGreaterThan(byNotes);
  });

  it('sort_by_relevance with no keyword is CONN_INVALID_REQUEST', () => {
    const refused = listFilter({ sort_by: 'sort_by_relevance', search: '  ' });
    expect(isStatus(refused) && refused.code).toBe(11102);
  });
});
