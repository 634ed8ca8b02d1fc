/**
 * Deciding, apart from reading (as changesets' assembleReleasePlan is apart
 * from getReleasePlan): given what the reading edge (project.ts) found — the
 * config, the spec documents, the problems met while reading and the parsed
 * sources — run the rules and return the placed, sorted Project. Pure: no
 * files, no process; the same data always gives the same Project.
 */
import type { UnplacedDiagnostic } from '../diagnostic.js';
import { sortDiagnostics } from '../diagnostic.js';
import { isWithin } from '../json-pointer.js';
import { placeWithSources } from './place.js';
import type { Project } from './project.js';
import type { SourceFile } from './source.js';
import type { Config, LoadedSpec, WorkflowSpec } from './types.js';
import { validate } from './validate.js';

/** What the reading edge hands over: plain data, every file already read. */
export interface ProjectData {
  config: Config;
  /** The config file, relative to cwd (as diagnostics name it). */
  configFile: string;
  /** False when the config could not be read: model rules stay quiet. */
  catalogKnown: boolean;
  specs: LoadedSpec[];
  /** Problems met while reading and parsing (shape errors included), unplaced. */
  readDiagnostics: readonly UnplacedDiagnostic[];
  sources: Map<string, SourceFile>;
  configSource?: { text: string; file: string };
  specFiles: string[];
  /** Specs a signed cache says the per-workflow rules found clean (see validate). */
  rulesAlreadyClean?: ReadonlySet<WorkflowSpec>;
}

export function assembleProject(data: ProjectData): Project {
  const { config, configFile, catalogKnown, specs, sources } = data;
  const shapeErrors = shapeErrorPointers(data.readDiagnostics);
  // A value with a shape error gets no second opinion from the rules.
  const ruled = validate({
    config,
    specs,
    configFile,
    catalogKnown,
    ...(data.rulesAlreadyClean ? { rulesAlreadyClean: data.rulesAlreadyClean } : {}),
  }).filter((d) => !(shapeErrors.get(docKey(d)) ?? []).some((p) => isWithin(d.pointer, p)));
  return {
    config,
    specs,
    diagnostics: sortDiagnostics(placeWithSources([...data.readDiagnostics, ...ruled], sources)),
    ...(data.configSource ? { configSource: data.configSource } : {}),
    sources,
    specFiles: data.specFiles,
  };
}

const SHAPE_CODES = new Set([
  'not-a-mapping',
  'missing-field',
  'wrong-type',
  'not-a-string',
  'invalid-value',
]);

function shapeErrorPointers(diagnostics: readonly UnplacedDiagnostic[]): Map<string, string[]> {
  const into = new Map<string, string[]>();
  for (const d of diagnostics) {
    if (!SHAPE_CODES.has(d.code)) continue;
    const key = docKey(d);
    into.set(key, [...(into.get(key) ?? []), d.pointer]);
  }
  return into;
}

function docKey(d: Pick<UnplacedDiagnostic, 'file' | 'document'>): string {
  return `${d.file}\u0000${d.document}`;
}
