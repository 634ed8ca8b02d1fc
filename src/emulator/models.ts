/**
 * The models the emulator knows: the three VTR models (each with an older
 * version, so "a missing version resolves to the latest" is observable) and
 * whatever the caller names (the CLI passes every model of the project's
 * catalog, overrides and specs). Anything else is MODEL_DOES_NOT_EXIST.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../spec/types.js';
import { VTR_MODELS } from '../vtr-models.js';

export interface KnownModel {
  id: string;
  version: string;
  user_id?: string;
  app_id?: string;
  name?: string;
  model_type_id?: string;
  /** What PostWorkflowResults runs it as; a model without a role cannot run. */
  role?: Role;
}

export interface CatalogVersion {
  id: string;
  /** RFC 3339; versions are ordered by it, the newest being "latest". */
  created_at: string;
}

export interface CatalogModel {
  id: string;
  name: string;
  model_type_id: string;
  /** The owner; absent means "lives in the app that asks" (a model of the target app). */
  user_id?: string;
  app_id?: string;
  created_at: string;
  /** Oldest first. */
  versions: CatalogVersion[];
  role?: Role;
}

// Fixed dates keep responses deterministic across runs and machines.
const MODEL_CREATED = Date.parse('2022-03-01T00:00:00Z');
const OLDER_VERSION_CREATED = Date.parse('2023-01-10T00:00:00Z');
const KNOWN_VERSION_CREATED = Date.parse('2023-06-01T00:00:00Z');
const VTR_VERSION_CREATED = Date.parse('2024-02-01T00:00:00Z');
const DEFAULT_MODEL_TYPE = 'visual-classifier';

/** A stable, realistic-looking 32-hex version id derived from a seed. */
function syntheticVersionId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

export class ModelCatalog {
  private readonly models = new Map<string, CatalogModel>();

  constructor(known: readonly KnownModel[] = []) {
    for (const vtr of VTR_MODELS) {
      this.models.set(vtr.id, {
        id: vtr.id,
        name: vtr.name,
        model_type_id: vtr.model_type_id,
        user_id: vtr.user_id,
        app_id: vtr.app_id,
        created_at: new Date(MODEL_CREATED).toISOString(),
        role: vtr.role,
        versions: [
          {
            id: syntheticVersionId(`${vtr.id}:previous`),
            created_at: new Date(OLDER_VERSION_CREATED).toISOString(),
          },
          { id: vtr.version, created_at: new Date(VTR_VERSION_CREATED).toISOString() },
        ],
      });
    }
    known.forEach((k, index) => this.add(k, KNOWN_VERSION_CREATED + index * 60_000));
  }

  private add(known: KnownModel, versionCreated: number): void {
    let model = this.models.get(known.id);
    if (!model) {
      model = {
        id: known.id,
        name: known.name ?? known.id,
        model_type_id: known.model_type_id ?? DEFAULT_MODEL_TYPE,
        ...(known.user_id ? { user_id: known.user_id } : {}),
        ...(known.app_id ? { app_id: known.app_id } : {}),
        created_at: new Date(MODEL_CREATED).toISOString(),
        versions: [],
      };
      this.models.set(known.id, model);
    }
    // The config's role wins: a catalog may give a known model another job.
    if (known.role) model.role = known.role;
    if (model.versions.some((v) => v.id === known.version)) return;
    model.versions.push({ id: known.version, created_at: new Date(versionCreated).toISOString() });
    model.versions.sort(
      (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
    );
  }

  /** Models are found by id alone, whoever the request names as owner. */
  find(modelId: string): CatalogModel | undefined {
    return this.models.get(modelId);
  }

  /** The named version, or the latest when versionId is empty; undefined when either is unknown. */
  resolve(
    modelId: string,
    versionId: string,
  ): { model: CatalogModel; version: CatalogVersion } | undefined {
    const model = this.models.get(modelId);
    if (!model) return undefined;
    const version = versionId
      ? model.versions.find((v) => v.id === versionId)
      : model.versions.at(-1);
    return version ? { model, version } : undefined;
  }

  /** Newest first, as ListModelVersions returns them. */
  versionsNewestFirst(modelId: string): CatalogVersion[] {
    return [...(this.models.get(modelId)?.versions ?? [])].reverse();
  }
}
