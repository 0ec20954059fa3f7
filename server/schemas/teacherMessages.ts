/**
 * Turns ajv errors into `{ path, message }` details a teacher can act on: the JSON Pointer of
 * the field, and a sentence naming the field by its schema title ("The difficulty (b) must be
 * at most 10."), not ajv's "must be <= 10".
 */
import type { AnySchemaObject, ErrorObject } from 'ajv';
import type { ValidationDetail } from './validationDetail';

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  null: 'empty',
};

function humanise(name: string): string {
  if (/^\d+$/.test(name)) return `entry ${Number(name) + 1}`;
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function asSchema(value: unknown): AnySchemaObject | undefined {
  return value !== null && typeof value === 'object' ? (value as AnySchemaObject) : undefined;
}

/** Field name → title, from every `properties` map of the loaded schemas (the first title wins). */
export type FieldTitles = ReadonlyMap<string, string>;

export function collectFieldTitles(schemas: readonly unknown[]): Map<string, string> {
  const titles = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const schema = asSchema(node);
    if (!schema) return;
    const properties = asSchema(schema.properties);
    if (properties) {
      for (const [name, sub] of Object.entries(properties)) {
        const title = asSchema(sub)?.title;
        if (typeof title === 'string' && !titles.has(name)) titles.set(name, title);
      }
    }
    Object.values(schema).forEach(visit);
  };
  schemas.forEach(visit);
  return titles;
}

function lastSegment(pointer: string): string {
  const parts = pointer.split('/');
  return (parts[parts.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

function nameOf(field: string, titles: FieldTitles): string {
  return titles.get(field) ?? humanise(field);
}

function labelFor(error: ErrorObject, titles: FieldTitles): string {
  const segment = lastSegment(error.instancePath);
  const schemaTitle = asSchema(error.parentSchema)?.title;
  if (segment === '') return `the ${typeof schemaTitle === 'string' ? schemaTitle : 'document'}`;
  if (/^\d+$/.test(segment)) {
    const parent = lastSegment(error.instancePath.slice(0, error.instancePath.lastIndexOf('/')));
    return `${typeof schemaTitle === 'string' ? schemaTitle : 'entry'} ${Number(segment) + 1} of the ${nameOf(parent, titles)}`;
  }
  return `the ${titles.get(segment) ?? (typeof schemaTitle === 'string' ? schemaTitle : humanise(segment))}`;
}

function list(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function sentence(error: ErrorObject, titles: FieldTitles): ValidationDetail | undefined {
  const label = labelFor(error, titles);
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  const schema = asSchema(error.parentSchema);
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return { path: `${at}/${missing}`, message: `The ${nameOf(missing, titles)} is missing: please fill it in.` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return {
        path: `${at}/${extra}`,
        message: `"${extra}" is not a field that belongs here: check its spelling, or remove it.`,
      };
    }
    case 'type': {
      const types = String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t);
      return { path: at, message: `${capitalise(label)} must be ${types.join(' or ')}.` };
    }
    case 'enum':
      return { path: at, message: `${capitalise(label)} must be one of ${list(params.allowedValues as unknown[])}.` };
    case 'const':
      return { path: at, message: `${capitalise(label)} must be ${JSON.stringify(params.allowedValue)}.` };
    case 'pattern': {
      const hint = typeof schema?.description === 'string' ? ` ${schema.description}` : '';
      return { path: at, message: `${capitalise(label)} is not written the right way.${hint}` };
    }
    case 'format':
      return {
        path: at,
        message:
          params.format === 'date'
            ? `${capitalise(label)} must be a date written like 2026-09-01.`
            : `${capitalise(label)} must be a valid ${String(params.format)}.`,
      };
    case 'minLength':
      return {
        path: at,
        message:
          params.limit === 1
            ? `${capitalise(label)} must not be empty.`
            : `${capitalise(label)} must be at least ${String(params.limit)} characters long.`,
      };
    case 'maxLength':
      return { path: at, message: `${capitalise(label)} is too long: at most ${String(params.limit)} characters.` };
    case 'minimum':
      return { path: at, message: `${capitalise(label)} must be at least ${String(params.limit)}.` };
    case 'maximum':
      return { path: at, message: `${capitalise(label)} must be at most ${String(params.limit)}.` };
    case 'exclusiveMinimum':
      return { path: at, message: `${capitalise(label)} must be more than ${String(params.limit)}.` };
    case 'exclusiveMaximum':
      return { path: at, message: `${capitalise(label)} must be less than ${String(params.limit)}.` };
    case 'minItems':
      return { path: at, message: `Add at least ${String(params.limit)} ${params.limit === 1 ? 'entry' : 'entries'} to ${label}.` };
    case 'maxItems':
      return { path: at, message: `Remove some entries from ${label}: at most ${String(params.limit)} are allowed.` };
    case 'uniqueItems':
      return {
        path: at,
        message: `The same entry appears twice in ${label} (entries ${Number(params.j) + 1} and ${Number(params.i) + 1}).`,
      };
    case 'minProperties':
      return { path: at, message: `Fill in at least ${String(params.limit)} ${params.limit === 1 ? 'field' : 'fields'} of ${label}.` };
    case 'maxProperties':
      return { path: at, message: `Remove some fields from ${label}: at most ${String(params.limit)} are allowed.` };
    case 'propertyNames':
      return { path: `${at}/${String(params.propertyName)}`, message: `"${String(params.propertyName)}" is not allowed as a name here.` };
    case 'anyOf':
    case 'oneOf': {
      const hint = typeof schema?.description === 'string' ? ` ${schema.description}` : '';
      return { path: at, message: `${capitalise(label)} is not in a form we accept.${hint}` };
    }
    case 'if':
      return undefined; // the failing "then" branch reports its own errors
    default:
      return { path: at, message: `${capitalise(label)}: ${error.message ?? 'is not valid'}.` };
  }
}

export function describeSchemaErrors(errors: readonly ErrorObject[], titles: FieldTitles = new Map()): ValidationDetail[] {
  // An anyOf/oneOf failure also reports every branch's failure; the summary is clearer alone.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const insideAlternative = (e: ErrorObject): boolean =>
    alternatives.some(
      (alt) => alt !== e && e.instancePath.startsWith(alt.instancePath) && e.schemaPath.startsWith(alt.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/')),
    );
  // A propertyNames failure also reports the failure of the name itself, at the object's path.
  const namesChecked = new Set(errors.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath));
  const details: ValidationDetail[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (insideAlternative(error)) continue;
    if (error.keyword !== 'propertyNames' && namesChecked.has(error.instancePath) && (error.propertyName !== undefined || error.schemaPath.includes('/propertyNames/'))) continue;
    const detail = sentence(error, titles);
    if (!detail) continue;
    const key = `${detail.path}\u0000${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push(detail);
  }
  return details;
}
