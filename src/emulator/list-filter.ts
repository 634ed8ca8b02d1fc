/**
 * ListWorkflows' filter fields, read as the proto's comments document them
 * (ListWorkflowsRequest in clarifai-nodejs-grpc's service.proto):
 *
 * - `search` — keyword search over the id, description and notes: every
 *   keyword must prefix-match a word of one of them ("clari" matches
 *   "clarifai"), case-insensitively. The API also normalises words
 *   ("satisfy" matches "satisfied"); the emulator does no stemming.
 * - `query` and `search_term` (deprecated: "use search instead") — searched
 *   the same way. Several set: all must match.
 * - `id` (deprecated) — the exact id, or a pattern where `*` matches any run
 *   of characters ("gen*" matches "general").
 * - `visibility` — only workflows whose visibility is the one given.
 * - `featured_only`, `starred_only`, `bookmark` — the emulator has no featured,
 *   starred or bookmarked workflows, so each, when true, lists nothing.
 * - `sort_by_relevance` — "can only be used if search is not empty": refused
 *   (11102) without a search; ranks id matches, then description, then notes.
 *   `sort_by_star_count` — no stars here: the same as modified_at.
 *
 * Pure: takes the decoded request, returns data.
 */
import type { StoredWorkflow } from './state-types.js';
import { StatusCode, status, type EmulatorStatus } from './status.js';

export interface WorkflowListFilter {
  /** False when the workflow is not listed. */
  keep(wf: StoredWorkflow): boolean;
  /** Higher is more relevant (only meaningful with a search). */
  relevance(wf: StoredWorkflow): number;
  hasSearch: boolean;
}

type Request = Readonly<Record<string, unknown>>;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function words(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Each keyword prefix-matches some word of `field`: how many do. */
function keywordHits(keywords: readonly string[], field: string): number {
  const fieldWords = words(field);
  return keywords.filter((k) => fieldWords.some((w) => w.startsWith(k))).length;
}

function searchable(wf: StoredWorkflow): string[] {
  return [wf.id, wf.description, wf.notes];
}

function idPattern(pattern: string): (id: string) => boolean {
  if (!pattern.includes('*')) return (id) => id === pattern;
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${escaped}$`, 's');
  return (id) => re.test(id);
}

export function listFilter(request: Request): WorkflowListFilter | EmulatorStatus {
  const searches = [request.search, request.query, request.search_term]
    .map(text)
    .filter(Boolean)
    .map(words)
    .filter((k) => k.length > 0);
  const keywords = searches.flat();
  const hasSearch = keywords.length > 0;
  if (request.sort_by === 'sort_by_relevance' && !hasSearch) {
    return status(
      StatusCode.CONN_INVALID_REQUEST,
      'sort_by_relevance can only be used with a non-empty search',
    );
  }
  const id = text(request.id);
  const idMatches = id ? idPattern(id) : () => true;
  const visibility = (request.visibility as { gettable?: unknown } | null | undefined)?.gettable;
  const wantedVisibility = typeof visibility === 'number' && visibility !== 0 ? visibility : 0;
  const nothing =
    request.featured_only === true || request.starred_only === true || request.bookmark === true;

  const matchesSearch = (wf: StoredWorkflow) =>
    searches.every((group) =>
      group.every((k) => searchable(wf).some((field) => keywordHits([k], field) > 0)),
    );
  return {
    hasSearch,
    keep: (wf) =>
      !nothing &&
      idMatches(wf.id) &&
      (wantedVisibility === 0 || wf.visibility === wantedVisibility) &&
      matchesSearch(wf),
    relevance: (wf) =>
      searchable(wf).reduce(
        (score, field, i) => score + keywordHits(keywords, field) * (3 - i) * 100,
        0,
      ),
  };
}

export function isStatus(value: WorkflowListFilter | EmulatorStatus): value is EmulatorStatus {
  return 'code' in value;
}
