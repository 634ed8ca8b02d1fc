/**
 * The plan as a pull-request comment. First line a hidden marker
 * (`<!-- vtr-wf-plan:ENV -->`) so a CI step can find and update its own
 * comment; then the summary table; then, always, every deletion and node
 * removal; then what vtr-wf will not touch; then one collapsible `<details>`
 * per workflow with a Mermaid graph of the change and its YAML diff.
 *
 * GitHub refuses comments over 65,536 characters, so the result never exceeds
 * `limit` (65,000 by default): the largest sections are shortened first (graph
 * dropped, then diff lines cut from the end), the comment says so and points
 * to the full plan. Pure.
 */
import type { CanonicalWorkflow, Plan, PlanChange } from '../plan/types.js';
import { changeSides, describeDiff, removedNodes, yamlDiffLines } from './plan-change-diff.js';
import { renderChangeMermaid } from './plan-mermaid.js';
import { changeNotes, planSummaryLine } from './plan-text.js';
import { renderPlansSummaryMarkdown } from './plans-summary.js';

/** Under GitHub's 65,536-character comment limit, with room for a CI step's own framing. */
export const MARKDOWN_LIMIT = 65_000;

export interface PlanMarkdownOptions {
  /** Where the full plan was saved (`plan --out`): the comment points there when shortened. */
  planFile?: string;
  /** Live canonical workflows by id, for plans saved without `before`. */
  live?: Record<string, CanonicalWorkflow>;
  /** Maximum length in characters (default 65,000). */
  limit?: number;
  /** Leave out the marker line (a section of the all-environments comment). */
  marker?: boolean;
  /** Heading level of the title (default 2). */
  headingLevel?: number;
}

/** Room kept for the "shortened" notes (plus twice the pointer to the full plan, which they name). */
const NOTE_RESERVE = 800;
/** How much of the list of workflows left out the closing note names. */
const MISSING_LIST_CHARS = 300;

export function renderPlanMarkdown(plan: Plan, opts: PlanMarkdownOptions = {}): string {
  const limit = opts.limit ?? MARKDOWN_LIMIT;
  const fullPlan = opts.planFile
    ? `the full plan file ${inlineCode(opts.planFile)}`
    : `the full plan (${inlineCode(`vtr-wf plan -e ${plan.environment} --out plan.json`)})`;

  const head = renderHead(plan, opts);
  const reserve = NOTE_RESERVE + 2 * fullPlan.length;
  const notices = fitNotices(plan, Math.max(0, limit - head.length - reserve * 2), fullPlan);
  if (plan.changes.length === 0) return cap(head + notices, limit, fullPlan);

  const sections = plan.changes.map((change) => makeSection(change, opts.live, fullPlan));
  const changesHeading = `${'#'.repeat((opts.headingLevel ?? 2) + 1)} Changes\n\n`;
  const budget = limit - head.length - notices.length - changesHeading.length - reserve;
  const { caps, shown } = fitSections(sections, budget);

  const body = sections
    .slice(0, shown)
    .map((section, i) => section.render(caps[i] as number))
    .join('');
  const hidden = sections.length - shown;
  const shortened =
    hidden > 0 || sections.some((s, i) => i < shown && s.fullSize > (caps[i] as number));
  const note = shortened
    ? `> [!NOTE]\n> Shortened to stay under GitHub's comment size limit: the largest sections ` +
      `were cut first${hidden > 0 ? `, and ${hidden} workflow${hidden === 1 ? ' is' : 's are'} not shown` : ''}. ` +
      `See ${fullPlan}.\n\n`
    : '';
  const hiddenList = plan.changes
    .slice(shown)
    .map((c) => `${SIGN[c.action]} ${c.action === 'rename' ? `${c.from ?? '?'} → ${c.id}` : c.id}`)
    .join(', ');
  const missing =
    hidden > 0
      ? `_${hidden} more workflow${hidden === 1 ? '' : 's'} not shown: ` +
        (hiddenList.length > MISSING_LIST_CHARS
          ? hiddenList.slice(0, MISSING_LIST_CHARS) + '…'
          : hiddenList) +
        `; see ${fullPlan}._\n`
      : '';
  return cap(head + note + notices + changesHeading + body + missing, limit, fullPlan);
}

/** `plan --all-envs --format markdown`: one marker, the summary table, then each plan. */
export function renderPlansMarkdown(
  plans: Record<string, Plan>,
  opts: Pick<PlanMarkdownOptions, 'planFile' | 'limit'> = {},
): string {
  const limit = opts.limit ?? MARKDOWN_LIMIT;
  const head =
    '<!-- vtr-wf-plan:all-envs -->\n## vtr-wf plan: all environments\n\n' +
    renderPlansSummaryMarkdown(plans) +
    '\n';
  let remaining = limit - head.length;
  const entries = Object.values(plans);
  // Each environment gets an equal share of what is left; what one leaves unused passes on.
  const parts = entries.map((plan, i) => {
    const share = Math.floor(remaining / (entries.length - i));
    const text = renderPlanMarkdown(plan, {
      ...opts,
      limit: share,
      marker: false,
      headingLevel: 3,
    });
    remaining -= text.length;
    return text;
  });
  return head + parts.join('');
}

const SIGN = { create: '+', update: '~', delete: '-', rename: '~' } as const;

function renderHead(plan: Plan, opts: PlanMarkdownOptions): string {
  const level = '#'.repeat(opts.headingLevel ?? 2);
  const lines: string[] = [];
  if (opts.marker !== false) lines.push(`<!-- vtr-wf-plan:${plan.environment} -->`);
  lines.push(
    `${level} vtr-wf plan: ${inlineCode(plan.environment)} (${inlineCode(`${plan.user_id}/${plan.app_id}`)})`,
    '',
    `**${planSummaryLine(plan)}**` +
      (plan.changes.length === 0
        ? ` No changes. ${plan.summary.unchanged} workflow${plan.summary.unchanged === 1 ? '' : 's'} up to date.`
        : ''),
    '',
    '| rename | create | update | delete | unchanged |',
    '|---:|---:|---:|---:|---:|',
    `| ${plan.summary.rename ?? 0} | ${plan.summary.create} | ${plan.summary.update} | ${plan.summary.delete} | ${plan.summary.unchanged} |`,
    '',
    '',
  );
  return lines.join('\n');
}

/**
 * Deletions and node removals (every one, always), then conflicts. Listed one
 * a line when that fits; otherwise as a compact run of ids; only if even that
 * cannot fit is the run cut, saying how many more there are.
 */
function fitNotices(plan: Plan, room: number, fullPlan: string): string {
  const deletions = plan.changes.filter((c) => c.action === 'delete').map((c) => c.id);
  const removals = plan.changes
    .map((c) => ({ id: c.id, nodes: removedNodes(c) }))
    .filter((r) => r.nodes.length > 0);
  const conflicts = [
    ...plan.unmanaged.map(
      (id) =>
        `${inlineCode(id)}: exists without the vtr-wf mark, not changed; adopt it with ` +
        `${inlineCode(`vtr-wf export -e ${plan.environment} ${id} --out workflows/`)} then ` +
        `${inlineCode(`vtr-wf apply -e ${plan.environment} --adopt ${id}`)}`,
    ),
    ...(plan.foreign ?? []).map(
      (id) => `${inlineCode(id)}: managed by another project, not touched`,
    ),
  ];

  const destructiveItems = [
    ...deletions.map((id) => `**delete** ${inlineCode(id)}`),
    ...removals.map(
      (r) =>
        `${inlineCode(r.id)}: removes node${r.nodes.length > 1 ? 's' : ''} ${r.nodes.map(inlineCode).join(', ')}`,
    ),
  ];
  const asList = (title: string, kind: string, items: string[]) =>
    items.length === 0
      ? ''
      : `> [!${kind}]\n> **${title}**\n>\n${items.map((i) => `> - ${i}\n`).join('')}\n`;
  const listed =
    asList('Destructive changes', 'CAUTION', destructiveItems) +
    asList('Not touched', 'WARNING', conflicts);
  if (listed.length <= room) return listed;

  // Compact: ids only, comma-separated, cut with a count if even that is too long.
  const compactDeletions = deletions.length
    ? `**${deletions.length} deletion${deletions.length === 1 ? '' : 's'}:** ${deletions.map(inlineCode).join(', ')}`
    : '';
  const compactRemovals = removals.length
    ? `**Node removals:** ${removals.map((r) => `${inlineCode(r.id)} (${r.nodes.join(', ')})`).join(', ')}`
    : '';
  const compactConflicts = conflicts.length
    ? `**Not touched (unmanaged or another project's):** ${[...plan.unmanaged, ...(plan.foreign ?? [])].map(inlineCode).join(', ')}`
    : '';
  const paragraphs = [compactDeletions, compactRemovals, compactConflicts].filter(Boolean);
  const share = Math.floor(room / Math.max(1, paragraphs.length));
  return (
    '> [!CAUTION]\n' +
    paragraphs.map((p) => `> ${cutList(p, share - 8, fullPlan)}\n>\n`).join('') +
    '\n'
  );
}

/** Cuts a comma-separated run to `max` characters at a separator, saying what is left. */
function cutList(text: string, max: number, fullPlan: string): string {
  if (text.length <= max) return text;
  const tail = (n: number) => ` … and ${n} more; see ${fullPlan}`;
  const keep = Math.max(0, max - tail(99999).length);
  const cut = text.lastIndexOf(', ', keep);
  const kept = cut > 0 ? text.slice(0, cut) : text.slice(0, keep);
  const more = text.slice(kept.length).split(', ').filter(Boolean).length;
  return kept + tail(more);
}

interface Section {
  fullSize: number;
  minSize: number;
  /** Length of render(cap), computed without rendering. */
  sizeFor(cap: number): number;
  render(cap: number): string;
}

/**
 * One workflow's `<details>`. Sizes are sums of precomputed line lengths, so
 * the fitting search below never renders what it does not keep.
 */
// Over 80 lines: precomputes the line lengths of every part of one section so the fitting search can size it without rendering; the parts are listed once.
function makeSection(
  change: PlanChange,
  live: Record<string, CanonicalWorkflow> | undefined,
  fullPlan: string,
): Section {
  const sides = changeSides(change, live);
  const diffCount = change.diffs?.length ?? 0;
  const listsDiffs = change.action === 'update' || change.action === 'rename';
  const detail =
    listsDiffs && (diffCount > 0 || change.action === 'update')
      ? ` (${change.adopt ? 'adopt, ' : ''}${diffCount} change${diffCount === 1 ? '' : 's'})`
      : '';
  const name =
    change.action === 'rename'
      ? `<code>${escapeHtml(change.from ?? '?')}</code> → <code>${escapeHtml(change.id)}</code>`
      : `<code>${escapeHtml(change.id)}</code>`;
  const open = `<details><summary><b>${SIGN[change.action]} ${change.action}</b> ${name}${detail}</summary>\n\n`;
  const close = '</details>\n\n';
  const fieldLines = [
    ...changeNotes(change).map((n) => `- ${n}`),
    ...(listsDiffs ? (change.diffs ?? []).map((d) => `- ${inlineCode(describeDiff(d))}`) : []),
  ];
  const graph = renderChangeMermaid(change, sides);
  const graphBlock = graph ? fenced('mermaid', graph) : '';
  const diffLines = yamlDiffLines(sides);
  const diffFence = fenceFor(diffLines.join('\n'));
  const note = `_Shortened to fit; see ${fullPlan}._\n\n`;

  const fieldSize = prefixSizes(fieldLines);
  const diffSize = prefixSizes(diffLines);
  const fieldsBlockSize = (j: number) => (j > 0 ? (fieldSize[j] as number) + 1 : 0);
  const diffBlockSize = (k: number) =>
    k > 0 ? diffFence.length + 'diff\n'.length + (diffSize[k] as number) + diffFence.length + 2 : 0;

  // Every shape a section can take, largest first.
  type Shape = { graph: boolean; fields: number; diff: number; note: boolean };
  const sizeOf = (s: Shape) =>
    open.length +
    fieldsBlockSize(s.fields) +
    (s.graph ? graphBlock.length : 0) +
    diffBlockSize(s.diff) +
    (s.note ? note.length : 0) +
    close.length;
  const full: Shape = {
    graph: true,
    fields: fieldLines.length,
    diff: diffLines.length,
    note: false,
  };
  const minimal: Shape = { graph: false, fields: 0, diff: 0, note: true };

  const shapeFor = (cap: number): Shape => {
    if (sizeOf(full) <= cap) return full;
    const noGraph: Shape = { ...full, graph: false, note: true };
    if (sizeOf(noGraph) <= cap) return noGraph;
    for (let k = diffLines.length - 1; k >= 0; k--) {
      const shape: Shape = { ...noGraph, diff: k };
      if (sizeOf(shape) <= cap) return shape;
    }
    for (let j = fieldLines.length - 1; j >= 0; j--) {
      const shape: Shape = { ...minimal, fields: j };
      if (sizeOf(shape) <= cap) return shape;
    }
    return minimal;
  };

  return {
    fullSize: sizeOf(full),
    minSize: sizeOf(minimal),
    sizeFor: (cap) => sizeOf(shapeFor(cap)),
    render: (cap) => {
      const shape = shapeFor(cap);
      let text = open;
      if (shape.fields > 0) text += fieldLines.slice(0, shape.fields).join('\n') + '\n\n';
      if (shape.graph) text += graphBlock;
      if (shape.diff > 0) {
        text += `${diffFence}diff\n${diffLines.slice(0, shape.diff).join('\n')}\n${diffFence}\n\n`;
      }
      if (shape.note) text += note;
      return text + close;
    },
  };
}

/**
 * Water-filling: the largest cap every section may use such that all fit in
 * the budget — so only sections above the cap shrink, largest first. When even
 * the smallest forms do not fit, sections are left out from the end.
 */
function fitSections(sections: Section[], budget: number): { caps: number[]; shown: number } {
  const total = (cap: number, count: number) =>
    sections.slice(0, count).reduce((sum, s) => sum + s.sizeFor(cap), 0);
  let shown = sections.length;
  let minTotal = sections.reduce((sum, s) => sum + s.minSize, 0);
  while (shown > 0 && minTotal > budget) {
    shown--;
    minTotal -= (sections[shown] as Section).minSize;
  }
  const largest = Math.max(0, ...sections.map((s) => s.fullSize));
  let low = 0;
  let high = largest;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (total(mid, shown) <= budget) low = mid;
    else high = mid - 1;
  }
  return { caps: sections.map(() => low), shown };
}

/** The last guard: whatever happened above, never exceed the limit. */
function cap(text: string, limit: number, fullPlan: string): string {
  if (text.length <= limit) return text;
  const tail = `\n\n_Cut to fit GitHub's comment limit; see ${fullPlan}._\n`;
  const cut = text.lastIndexOf('\n', Math.max(0, limit - tail.length));
  return text.slice(0, Math.max(0, cut)) + tail;
}

function prefixSizes(lines: string[]): number[] {
  const sizes = [0];
  for (const line of lines) sizes.push((sizes[sizes.length - 1] as number) + line.length + 1);
  return sizes;
}

function fenced(lang: string, body: string): string {
  const fence = fenceFor(body);
  return `${fence}${lang}\n${body.endsWith('\n') ? body : body + '\n'}${fence}\n\n`;
}

/** A code fence longer than any backtick run inside, so content cannot close it. */
function fenceFor(body: string): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Inline code that survives backticks in the text. */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
