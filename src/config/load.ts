import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parseYamlText, type YamlFile } from '../util/yaml-file.js';
import { InputError } from '../util/errors.js';
import { parseIsoDate } from '../util/dates.js';
import { specsPath } from '../catalogue/paths.js';
import { describeSchemaError, errorPath } from '../catalogue/schema.js';
import { KNOWN_FINDING_IDS } from './finding-ids.js';

export interface ConfigFile {
  file: string;
  data: ConfigData;
}

export interface ConfigData {
  preset?: 'recommended' | 'strict';
  server?: string;
  targets?: Array<TargetData & { server: string; name?: string }>;
  policy?: 'spec' | 'msc2324';
  'fail-on'?: 'error' | 'warning' | 'info' | 'none';
  'as-of'?: string;
  insecure?: boolean;
  catalogue?: string | { file?: string; refresh?: boolean };
  baseline?: string;
  rules?: Record<string, 'off' | 'info' | 'warning' | 'error'>;
  waivers?: WaiverData[];
  require?: Array<{ msc: number; form?: 'unstable' | 'stable' | 'any'; reason?: string; origin?: string }>;
}

export interface WaiverData {
  rule: string;
  subject?: string;
  msc?: number;
  reason: string;
  expires: string;
}

export type TargetData = Pick<ConfigData, 'policy' | 'fail-on' | 'insecure' | 'baseline' | 'rules' | 'waivers' | 'require'>;

function fail(yaml: YamlFile, at: Array<string | number>, message: string): never {
  throw new InputError(`${yaml.file}:${yaml.lineOf(at)}: ${message}`);
}

/** Read and check a config file: the first problem ends the run with file:line and what to fix. */
export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read config file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  const yaml = parseYamlText(text, file);
  if (yaml.data === null || yaml.data === undefined) return { file, data: {} };
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, useDefaults: false, verbose: true });
  const validate = ajv.compile(JSON.parse(readFileSync(specsPath('schema', 'config.schema.json'), 'utf8')) as object);
  if (!validate(yaml.data)) {
    // Report the most specific error: additionalProperties and type errors before anyOf summaries.
    const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'anyOf' && error.keyword !== 'if');
    const error = errors[0] ?? validate.errors![0]!;
    const message = error.keyword === 'anyOf' ? 'a waiver needs a subject or an msc (or both)' : describeSchemaError(error);
    fail(yaml, errorPath(error), message);
  }
  const data = yaml.data as ConfigData;
  const checkRules = (rules: ConfigData['rules'], at: Array<string | number>): void => {
    for (const id of Object.keys(rules ?? {})) {
      if (!KNOWN_FINDING_IDS.includes(id)) fail(yaml, [...at, id], `unknown rule id "${id}": see msc-audit --help or the README's rule table`);
    }
  };
  const checkWaivers = (waivers: WaiverData[] | undefined, at: Array<string | number>): void => {
    (waivers ?? []).forEach((waiver, index) => {
      if (!KNOWN_FINDING_IDS.includes(waiver.rule)) fail(yaml, [...at, index, 'rule'], `unknown rule id "${waiver.rule}" in a waiver`);
      if (!parseIsoDate(waiver.expires)) fail(yaml, [...at, index, 'expires'], `expires "${waiver.expires}" is not a real date (YYYY-MM-DD)`);
    });
  };
  if (data['as-of'] !== undefined && !parseIsoDate(data['as-of'])) fail(yaml, ['as-of'], `as-of "${data['as-of']}" is not a real date (YYYY-MM-DD)`);
  checkRules(data.rules, ['rules']);
  checkWaivers(data.waivers, ['waivers']);
  if (data.server !== undefined && data.targets !== undefined) fail(yaml, ['server'], 'give either server or targets, not both');
  (data.targets ?? []).forEach((target, index) => {
    checkRules(target.rules, ['targets', index, 'rules']);
    checkWaivers(target.waivers, ['targets', index, 'waivers']);
  });
  // Where each requirement was written: an MSC the catalogue does not know is reported there.
  const located = (list: ConfigData['require'], at: Array<string | number>): ConfigData['require'] =>
    list?.map((requirement, index) => ({ ...requirement, origin: `${file}:${yaml.lineOf([...at, index, 'msc'])}` }));
  const directory = path.dirname(path.resolve(file));
  const resolve = (value: string | undefined): string | undefined => (value === undefined ? undefined : path.resolve(directory, value));
  return {
    file,
    data: {
      ...data,
      ...(typeof data.catalogue === 'string' ? { catalogue: resolve(data.catalogue) } : {}),
      ...(typeof data.catalogue === 'object' ? { catalogue: { ...data.catalogue, ...(data.catalogue.file !== undefined ? { file: resolve(data.catalogue.file) } : {}) } } : {}),
      ...(data.baseline !== undefined ? { baseline: resolve(data.baseline) } : {}),
      ...(data.require ? { require: located(data.require, ['require'])! } : {}),
      ...(data.targets
        ? {
            targets: data.targets.map((target, index) => ({
              ...target,
              ...(target.baseline !== undefined ? { baseline: resolve(target.baseline) } : {}),
              ...(target.require ? { require: located(target.require, ['targets', index, 'require'])! } : {}),
            })),
          }
        : {}),
    },
  };
}
