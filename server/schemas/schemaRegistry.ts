/**
 * The one place that loads the JSON Schemas in item-bank/schemas into ajv. Content files, API
 * bodies and stored documents are all checked here (DESIGN.md, rule 5), and every failure comes
 * back as `{ path, message }` details worded for a teacher (teacherMessages.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type AnySchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { collectFieldTitles, describeSchemaErrors } from './teacherMessages';
import type { ValidationDetail } from './validationDetail';

/** Every schema's $id starts with this; a schema may be named by file name ("item.schema.json") or short name ("item"). */
export const SCHEMA_BASE_URI = 'https://waymark.example/schemas/';

function findSchemaDirectory(): string {
  // Walk up from this file so the same code works from server/ (tsx, jest) and dist/server/ (build).
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    const candidate = path.join(dir, 'item-bank', 'schemas');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`item-bank/schemas not found above ${__dirname}`);
}

export interface SchemaRegistry {
  readonly ajv: Ajv;
  /** The $ids loaded, e.g. https://waymark.example/schemas/item.schema.json. */
  readonly schemaIds: readonly string[];
  validator(name: string): ValidateFunction;
  /** [] when valid. */
  validate(name: string, value: unknown): ValidationDetail[];
}

export function schemaIdFor(name: string): string {
  if (name.startsWith('http')) return name;
  const file = name.endsWith('.json') ? name : `${name}.schema.json`;
  return SCHEMA_BASE_URI + file;
}

export function createSchemaRegistry(directory: string = findSchemaDirectory()): SchemaRegistry {
  // allErrors: a teacher fixes every problem in one pass; verbose: errors carry the schema titles used in messages.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  const schemaIds: string[] = [];
  const loaded: AnySchemaObject[] = [];
  for (const file of fs.readdirSync(directory).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as AnySchemaObject;
    const id = typeof schema.$id === 'string' ? schema.$id : SCHEMA_BASE_URI + file;
    if (id !== SCHEMA_BASE_URI + file) {
      throw new Error(`${file}: $id must be ${SCHEMA_BASE_URI + file} (found ${id})`);
    }
    ajv.addSchema(schema, id);
    schemaIds.push(id);
    loaded.push(schema);
  }
  // Field titles come from the schema being checked first, so "id" reads "item id" for items and the module's own title for modules.
  const titlesBySchema = new Map<string, Map<string, string>>();
  const titlesFor = (id: string): Map<string, string> => {
    let titles = titlesBySchema.get(id);
    if (!titles) {
      const own = loaded.filter((schema) => schema.$id === id);
      titles = collectFieldTitles([...own, ...loaded.filter((schema) => schema.$id !== id)]);
      titlesBySchema.set(id, titles);
    }
    return titles;
  };
  const compiled = new Map<string, ValidateFunction>();
  const validator = (name: string): ValidateFunction => {
    const id = schemaIdFor(name);
    let fn = compiled.get(id);
    if (!fn) {
      fn = ajv.getSchema(id);
      if (!fn) throw new Error(`No schema named ${name} in ${directory}`);
      compiled.set(id, fn);
    }
    return fn;
  };
  return {
    ajv,
    schemaIds,
    validator,
    validate(name, value) {
      const fn = validator(name);
      return fn(value) ? [] : describeSchemaErrors(fn.errors ?? [], titlesFor(schemaIdFor(name)));
    },
  };
}

let shared: SchemaRegistry | undefined;

/** The process-wide registry (schemas are read once, on first use). */
export function schemaRegistry(): SchemaRegistry {
  shared ??= createSchemaRegistry();
  return shared;
}

/** Checks `value` against a schema in item-bank/schemas; [] when valid. */
export function validateAgainstSchema(name: string, value: unknown): ValidationDetail[] {
  return schemaRegistry().validate(name, value);
}
