import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { specsPath } from './paths.js';

/**
 * ajv validators for catalogue documents. Compiled lazily: a normal run loads the
 * pre-validated bundle and never pays for schema compilation.
 */
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

const SCHEMA_ID = 'https://msc-audit.invalid/schema/catalogue.schema.json';

function compiler(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
    ajv.addSchema(JSON.parse(readFileSync(specsPath('schema', 'catalogue.schema.json'), 'utf8')) as object);
  }
  return ajv;
}

export type CatalogueSchemaPart = 'document' | 'msc' | 'vendorFeature' | 'specVersionsFile' | 'specEndpointsFile' | 'specNamesFile' | 'meta';

export function catalogueValidator(part: CatalogueSchemaPart): ValidateFunction {
  let validate = validators.get(part);
  if (!validate) {
    const ref = part === 'document' ? SCHEMA_ID : `${SCHEMA_ID}#/definitions/${part}`;
    validate = compiler().getSchema(ref);
    if (!validate) throw new Error(`schema part missing: ${part}`);
    validators.set(part, validate);
  }
  return validate;
}

/** JSON pointer of an ajv error as path segments, pointing at the offending property where known. */
export function errorPath(error: ErrorObject): Array<string | number> {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params['additionalProperty']));
  return segments;
}

/** A short, fix-oriented sentence for an ajv error. */
export function describeSchemaError(error: ErrorObject): string {
  const where = errorPath(error).join('.') || '(top level)';
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(error.params['additionalProperty'])}"${error.instancePath ? ` in ${error.instancePath.slice(1).replace(/\//g, '.')}` : ''}: remove it or fix its spelling`;
    case 'required':
      return `${where === '(top level)' ? '' : `${where}: `}missing required key "${String(error.params['missingProperty'])}"`;
    case 'enum':
      return `${where}: must be one of ${(error.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'pattern':
      return `${where}: "${String(error.data)}" does not have the expected form (${error.params['pattern']})`;
    case 'type':
      return `${where}: must be ${String(error.params['type'])}`;
    default:
      return `${where}: ${error.message ?? 'is invalid'}`;
  }
}
