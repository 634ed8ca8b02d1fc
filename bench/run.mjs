#!/usr/bin/env node
// `npm run bench` (after the build): runs every row in bench/rows/*.mjs, prints
// a markdown table to stdout and writes bench/results.json. Exits 1 when a row
// errors or misses its goal.
//
//   node bench/run.mjs [FILTER…] [--runs N]
//
// A FILTER keeps the rows whose name or file name contains it (case and
// punctuation ignored): `node bench/run.mjs validate`. See bench/README.md for
// how to write a row.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { removeLater } from './lib/remove-later.mjs';
import { describeGoal, meetsGoal } from './lib/goal.mjs';
import { compare, median, timeChild, timeInProcess } from './lib/measure.mjs';
import { renderTable } from './lib/table.mjs';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = join(BENCH_DIR, '..');
const ROWS_DIR = join(BENCH_DIR, 'rows');
const CLI = join(REPO_ROOT, 'dist/cli/main.js');
const RESULTS = join(BENCH_DIR, 'results.json');

const { filters, runs } = parseArgs(process.argv.slice(2));
if (!existsSync(CLI)) {
  console.error(
    `bench: ${CLI} is missing; run \`npm run build\` (or \`npm run bench\`, which builds)`,
  );
  process.exit(1);
}

const normalise = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const wanted = (...names) =>
  filters.length === 0 ||
  filters.some((f) => names.some((n) => normalise(n).includes(normalise(f))));

const results = [];
for (const file of readdirSync(ROWS_DIR)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const module = await import(pathToFileURL(join(ROWS_DIR, file)).href);
  const rowFile = basename(file, '.mjs');
  const definitions = rowDefinitions(module);
  if (definitions) {
    for (const row of definitions.filter((r) => wanted(r.name, rowFile))) {
      results.push(await runDefinition(row, rowFile));
    }
  } else if (typeof (module.rows ?? module.default) === 'function' && wanted(rowFile)) {
    // A module that measures itself and returns finished rows (medians already taken).
    results.push(...(await runSelfMeasured(module.rows ?? module.default, rowFile)));
  }
}

if (results.length === 0) {
  console.error(`bench: no row matches ${filters.join(' ')}`);
  process.exit(1);
}
console.log(renderTable(results));
writeFileSync(
  RESULTS,
  `${JSON.stringify(
    {
      generated_at: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
      load_average: loadavg().map((l) => Math.round(l * 100) / 100),
      runs,
      filter: filters,
      rows: results,
    },
    null,
    2,
  )}\n`,
);
console.error(`bench: results written to ${RESULTS}`);
process.exitCode = results.some((r) => r.error || r.pass === false) ? 1 : 0;

/** `{ name, goal, run }` rows: a default export (one or a list) or a `rows` list. */
function rowDefinitions(module) {
  const exported = module.rows ?? module.default;
  const list = Array.isArray(exported)
    ? exported
    : exported && typeof exported === 'object'
      ? [exported]
      : null;
  if (list && list.every((r) => r && typeof r.run === 'function')) return list;
  if (typeof module.run === 'function' && module.name) {
    return [
      {
        name: module.name,
        goal: module.goal,
        baseline_label: module.baseline_label,
        run: module.run,
      },
    ];
  }
  return null;
}

async function runDefinition(row, rowFile) {
  const ctx = {
    repoRoot: REPO_ROOT,
    cli: CLI,
    runs,
    median,
    compare: (opts) => compare({ runs, ...opts }),
    timeChild,
    timeInProcess,
    /** The built CLI: `node dist/cli/main.js ARGS…`. */
    timeCli: (args, opts) => timeChild(process.execPath, [CLI, ...args], opts),
    /** Node itself: `node ARGS…` (the usual baseline is ['-e', '0']). */
    timeNode: (args, opts) => timeChild(process.execPath, args, opts),
    /** A fresh folder, removed when the bench ends (bench/lib/remove-later.mjs says why). */
    tempDir: (prefix = 'vtr-wf-bench-') => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      removeLater(dir);
      return dir;
    },
  };
  process.stderr.write(`bench: ${row.name} …\n`);
  const base = { name: row.name, module: rowFile, goal: row.goal ?? null };
  try {
    const measured = await row.run(ctx);
    return finish({ ...base, baseline_label: row.baseline_label, ...measured });
  } catch (e) {
    return finish({ ...base, error: e instanceof Error ? e.message : String(e) });
  }
}

async function runSelfMeasured(fn, rowFile) {
  process.stderr.write(`bench: ${rowFile} …\n`);
  try {
    // Called with no arguments: such modules use their own defaults (and also run standalone).
    const rows = await fn();
    return (Array.isArray(rows) ? rows : [rows]).map((r) => {
      const {
        name,
        value,
        value_ms,
        baseline,
        baseline_ms,
        unit,
        ratio,
        goal,
        pass,
        baseline_label,
        ...extra
      } = r;
      return finish({
        name: name ?? rowFile,
        module: rowFile,
        goal: goal ?? null,
        // A row that judged itself (goal as text, pass as a boolean) keeps its verdict.
        ...(typeof pass === 'boolean' ? { pass } : {}),
        baseline_label,
        value: value ?? value_ms,
        baseline: baseline ?? baseline_ms,
        unit: unit ?? 'ms',
        ratio,
        extra,
      });
    });
  } catch (e) {
    return [
      finish({
        name: rowFile,
        module: rowFile,
        goal: null,
        error: e instanceof Error ? e.message : String(e),
      }),
    ];
  }
}

/** Fills in what every result carries: unit, ratio, goal text and verdict. */
function finish(row) {
  const unit = row.unit ?? 'ms';
  const value = row.value ?? null;
  const baseline = row.baseline ?? null;
  const ratio =
    row.ratio ?? (value !== null && baseline ? Math.round((value / baseline) * 100) / 100 : null);
  const result = { ...row, unit, value, baseline, ratio };
  result.goal_text = typeof row.goal === 'string' ? row.goal : describeGoal(row.goal, unit);
  if (row.error || value === null) result.pass = row.goal ? false : null;
  else if (typeof row.pass === 'boolean') result.pass = row.pass;
  else result.pass = typeof row.goal === 'string' ? null : meetsGoal(row.goal, result);
  if (row.error) process.stderr.write(`bench: ${row.name}: ${row.error}\n`);
  return result;
}

function parseArgs(argv) {
  const filters = [];
  let runs = 7;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i].startsWith('--runs=')) runs = Number(argv[i].slice('--runs='.length));
    else filters.push(argv[i]);
  }
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('bench: --runs takes a positive whole number');
    process.exit(1);
  }
  return { filters, runs };
}
