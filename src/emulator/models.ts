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

/** Who a request says owns a model (either part may be empty: "not named"). */
export interface ModelOwner {
  user_id?: string;
  app_id?: string;
}

/** Where Clarifai's public models live; preferred when an ownerless id is ambiguous. */
const CLARIFAI_MAIN = 'clarifai/main';

function ownerKey(model: { user_id?: string; app_id?: string }): string {
  return model.user_id && model.app_id ? `${model.user_id}/${model.app_id}` : '';
}

/**
 * Models keyed by (owner, id), versions inside. An ownerless model lives in
 * whichever app asks; an owned one (a public model such as clarifai/main's)
 * keeps its real owner, and that owner is what responses report.
 */
export class ModelCatalog {
  /** model id → owner key ('' for ownerless) → model. */
  private readonly models = new Map<string, Map<string, CatalogModel>>();

  constructor(known: readonly KnownModel[] = []) {
    for (const vtr of VTR_MODELS) {
      this.entries(vtr.id).set(ownerKey(vtr), {
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
    // Owned models first, so an ownerless mention of the same id joins the
    // owned model (it is that public model, named without its owner) in any order.
    const indexed = known.map((k, index) => ({ k, at: KNOWN_VERSION_CREATED + index * 60_000 }));
    for (const { k, at } of indexed) if (ownerKey(k)) this.add(k, at);
    for (const { k, at } of indexed) if (!ownerKey(k)) this.add(k, at);
  }

  private entries(modelId: string): Map<string, CatalogModel> {
    let byOwner = this.models.get(modelId);
    if (!byOwner) {
      byOwner = new Map();
      this.models.set(modelId, byOwner);
    }
    return byOwner;
  }

  private add(known: KnownModel, versionCreated: number): void {
    const byOwner = this.entries(known.id);
    const key = ownerKey(known);
    let model = key ? byOwner.get(key) : (byOwner.get('') ?? this.uniqueOwned(byOwner));
    if (!model) {
      model = {
        id: known.id,
        name: known.name ?? known.id,
        model_type_id: known.model_type_id ?? DEFAULT_MODEL_TYPE,
        ...(key ? { user_id: known.user_id, app_id: known.app_id } : {}),
        created_at: new Date(MODEL_CREATED).toISOString(),
        versions: [],
      };
      byOwner.set(key, model);
    }
    // The config's role wins: a catalog may give a known model another job.
    if (known.role) model.role = known.role;
    if (!known.version || model.versions.some((v) => v.id === known.version)) return;
    model.versions.push({ id: known.version, created_at: new Date(versionCreated).toISOString() });
    model.versions.sort(
      (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
    );
  }

  private uniqueOwned(byOwner: Map<string, CatalogModel>): CatalogModel | undefined {
    const owned = [...byOwner.entries()].filter(([key]) => key !== '');
    if (owned.length === 1) return owned[0]![1];
    return byOwner.get(CLARIFAI_MAIN);
  }

  /**
   * The model a request means. With another app named as owner: exactly that
   * owner's model. Otherwise (no owner, or the asking app itself): the app's
   * own model, else the public model of that id — the only owner, or
   * clarifai/main — as the API finds public models from any app.
   */
  find(modelId: string, named: ModelOwner = {}, app?: ModelOwner): CatalogModel | undefined {
    const byOwner = this.models.get(modelId);
    if (!byOwner) return undefined;
    const key = ownerKey(named);
    const asking = app ? ownerKey(app) : '';
    if (key && key !== asking) return byOwner.get(key);
    // Named as the asking app's own, or not named: the app's model, else the public one.
    return (
      (asking ? byOwner.get(asking) : undefined) ??
      byOwner.get('') ??
      this.uniqueOwned(byOwner) ??
      byOwner.values().next().value
    );
  }

  /** The named version, or the latest when versionId is empty; undefined when either is unknown. */
  resolve(
    modelId: string,
    versionId: string,
    named: ModelOwner = {},
    app?: ModelOwner,
  ): { model: CatalogModel; version: CatalogVersion } | undefined {
    const model = this.find(modelId, named, app);
    if (!model) return undefined;
    const version = versionId
      ? model.versions.find((v) => v.id === versionId)
      : model.versions.at(-1);
    return version ? { model, version } : undefined;
  }

  /** Newest first, as ListModelVersions returns them. */
  versionsNewestFirst(modelId: string, named: ModelOwner = {}, app?: ModelOwner): CatalogVersion[] {
    return [...(this.find(modelId, named, app)?.versions ?? [])].reverse();
  }
}
