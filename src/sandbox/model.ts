/**
 * What the sandbox knows about each collection, from the catalogue: the schema of its records, the
 * name ConnectWise uses for it in errors ("ticket object is invalid"), its reference fields, and a field
 * model for conditions and orderBy. Computed once per table and cached.
 */
import type { Catalogue } from "../catalogue/catalogue.js";
import { refName, type SchemaObject } from "../catalogue/schema-object.js";
import { schemaFieldModel, type FieldModel } from "./conditions/index.js";
import { REFERENCE_TARGETS, referenceTo, tableKey } from "./references.js";
import { collectionOf, type Route } from "./routes.js";
import { isObject, type Row, type Store } from "./store.js";

export interface ReferenceField {
  field: string;
  schema: string;
  /** The Reference schema's own fields (id, identifier, name ...). */
  keys: string[];
}

export interface TableModel {
  schemaName?: string;
  schema: SchemaObject;
  /** camelCase of the schema name: how ConnectWise names the resource in errors. */
  resource: string;
  references: ReferenceField[];
  fields: FieldModel;
}

const EMPTY: SchemaObject = { type: "object", properties: { id: { type: "integer", format: "int32" } } };

export class SandboxModel {
  private readonly tables = new Map<string, TableModel>();
  private readonly schemaByTable = new Map<string, string>();
  private readonly fieldModels = new Map<string, FieldModel>();

  constructor(readonly catalogue: Catalogue) {
    // A table's record schema: what its collection or item GET returns, else what its POST returns.
    const rank = (kind: string, method: string) => (method === "GET" && (kind === "collection" || kind === "item") ? 0 : method === "POST" ? 1 : 2);
    const best = new Map<string, { name: string; rank: number }>();
    for (const e of catalogue.endpoints()) {
      if (!["collection", "item"].includes(e.kind)) continue;
      const ok = catalogue.responses(e.id).find((r) => /^2/.test(r.status));
      if (!ok?.schemaName || !catalogue.schema(ok.schemaName)?.properties) continue;
      const key = tableKey(collectionOf(e.path, e.kind).template);
      const r = rank(e.kind, e.method);
      const current = best.get(key);
      if (!current || r < current.rank) best.set(key, { name: ok.schemaName, rank: r });
    }
    for (const [key, { name }] of best) this.schemaByTable.set(key, name);
  }

  schema(name: string): SchemaObject | undefined {
    return this.catalogue.schema(name);
  }

  forRoute(route: Route): TableModel {
    return this.forTable(route.table);
  }

  forTable(table: string): TableModel {
    let model = this.tables.get(table);
    if (!model) {
      const schemaName = this.schemaByTable.get(table);
      const schema = (schemaName && this.schema(schemaName)) || EMPTY;
      const references: ReferenceField[] = [];
      for (const [field, prop] of Object.entries(schema.properties ?? {})) {
        if (!prop.$ref) continue;
        const name = refName(prop.$ref);
        if (!REFERENCE_TARGETS[name]) continue;
        references.push({ field, schema: name, keys: Object.keys(this.schema(name)?.properties ?? {}) });
      }
      model = {
        ...(schemaName ? { schemaName } : {}),
        schema,
        resource: schemaName ? schemaName.charAt(0).toLowerCase() + schemaName.slice(1).replace(/\W/g, "") : "record",
        references,
        fields: this.fieldModel(schemaName ?? "", schema),
      };
      this.tables.set(table, model);
    }
    return model;
  }

  fieldModel(name: string, schema?: SchemaObject): FieldModel {
    let model = this.fieldModels.get(name);
    if (!model) {
      model = schemaFieldModel(schema ?? this.schema(name) ?? EMPTY, (n) => this.schema(n));
      this.fieldModels.set(name, model);
    }
    return model;
  }

  /**
   * The record as ConnectWise would answer it now: every reference re-read from the record it points at,
   * so a ticket's company name is that company's current name, and given its `_info` href (as the real
   * API does: `"company": {"id": 250, …, "_info": {"company_href": "https://…/company/companies/250"}}`)
   * when the API root the client used is known.
   */
  hydrate(store: Store, table: string, row: Row, apiUrl?: string, wanted?: (field: string) => boolean): Row {
    const model = this.forTable(table);
    let out: Row | undefined;
    for (const ref of model.references) {
      if (wanted && !wanted(ref.field)) continue;
      const value = row[ref.field];
      if (!isObject(value) || typeof value.id !== "number") continue;
      const target = REFERENCE_TARGETS[ref.schema]!;
      const targetRow = store.has(tableKey(target.table)) ? store.table(tableKey(target.table)).get(value.id) : undefined;
      if (!targetRow) continue;
      out ??= { ...row };
      const href = apiUrl ? hrefOf(apiUrl, target, targetRow.id, row) : undefined;
      const info = href ? { [`${singular(target.table)}_href`]: href } : isObject(value._info) ? value._info : undefined;
      out[ref.field] = { ...referenceTo(ref.schema, targetRow, ref.keys), ...(info ? { _info: info } : {}) };
    }
    return out ?? row;
  }
}

const singulars = new Map<string, string>();

/** `/company/companies` → company, `/service/boards/{parentId}/statuses` → status, `/time/workRoles` → workRole. */
function singular(template: string): string {
  let name = singulars.get(template);
  if (name === undefined) {
    const last = template.split("/").filter((s) => s && !s.startsWith("{")).at(-1) ?? "record";
    name = last.replace(/ies$/, "y").replace(/(ss|us|x|ch|sh)es$/, "$1").replace(/([^s])s$/, "$1");
    singulars.set(template, name);
  }
  return name;
}

function hrefOf(apiUrl: string, target: (typeof REFERENCE_TARGETS)[string], id: number, referrer: Row): string | undefined {
  let path = target.table;
  if (path.includes("{")) {
    const scope = target.scopeFrom ? referrer[target.scopeFrom] : undefined;
    if (!isObject(scope) || typeof scope.id !== "number") return undefined;
    path = path.replace(/\{[^}]+\}/, String(scope.id));
  }
  return `${apiUrl}${path}/${id}`;
}
