import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { readYamlFile, type YamlFile } from '../util/yaml-file.js';
import { catalogueValidator, describeSchemaError, errorPath } from './schema.js';
import type { CatalogueData, CatalogueMeta, Identifiers, MscEntry, SpecVersion, VendorFeature } from './types.js';
import { InputError } from '../util/errors.js';

/** A problem found in a catalogue file, always with file and line. */
export interface LintIssue {
  file: string;
  line: number;
  message: string;
}

/** Catalogue data read from YAML, with a way back to file:line for every value. */
export interface CatalogueSources {
  data: CatalogueData;
  issues: LintIssue[];
  /** Line of a value inside the file an entry came from. */
  locate(file: string, pathInFile: ReadonlyArray<string | number>): number;
}

const EMPTY_IDENTIFIERS = (): Identifiers => ({ flags: [], endpoints: [], fields: [] });

export function normaliseEntry(raw: Record<string, unknown>, file: string, line: number, pointer: Array<string | number> = []): MscEntry {
  const entry = raw as unknown as MscEntry;
  return {
    ...entry,
    unstable: { ...EMPTY_IDENTIFIERS(), ...(entry.unstable ?? {}) },
    stable: { ...EMPTY_IDENTIFIERS(), ...(entry.stable ?? {}) },
    origin: { file, line, pointer },
  };
}

class SourceCollector {
  readonly files = new Map<string, YamlFile>();
  readonly issues: LintIssue[] = [];

  read(file: string): YamlFile | undefined {
    try {
      const parsed = readYamlFile(file);
      this.files.set(file, parsed);
      return parsed;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const match = /^(.*?):(\d+): (.*)$/.exec(message);
      this.issues.push(match ? { file, line: Number(match[2]), message: match[3] ?? message } : { file, line: 1, message });
      return undefined;
    }
  }

  /** Validate `value` (found at `base` inside `yaml`) against a schema part; true when valid. */
  validate(yaml: YamlFile, part: Parameters<typeof catalogueValidator>[0], value: unknown, base: Array<string | number> = []): boolean {
    const validate = catalogueValidator(part);
    if (validate(value)) return true;
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'if') continue;
      const at = [...base, ...errorPath(error)];
      this.issues.push({ file: yaml.file, line: yaml.lineOf(at), message: describeSchemaError(error) });
    }
    return false;
  }

  locate(file: string, at: ReadonlyArray<string | number>): number {
    return this.files.get(file)?.lineOf(at) ?? 1;
  }
}

function yamlFilesIn(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => path.join(directory, name));
}

/** Read the catalogue as kept in a specs/ directory: one file per MSC and per vendor feature. */
export function readSpecsDirectory(specsDirectory: string): CatalogueSources {
  const collector = new SourceCollector();
  const data: CatalogueData = { meta: {}, specVersions: [], mscs: [], vendorFeatures: [] };

  const metaFile = path.join(specsDirectory, 'catalogue.yaml');
  const meta = existsSync(metaFile) ? collector.read(metaFile) : undefined;
  if (meta && collector.validate(meta, 'meta', meta.data)) data.meta = meta.data as CatalogueMeta;

  const versionsFile = path.join(specsDirectory, 'spec-versions.yaml');
  const versions = collector.read(versionsFile);
  if (versions && collector.validate(versions, 'specVersionsFile', versions.data)) data.specVersions = versions.data as SpecVersion[];

  const endpointsFile = path.join(specsDirectory, 'spec-endpoints.yaml');
  const endpoints = existsSync(endpointsFile) ? collector.read(endpointsFile) : undefined;
  if (endpoints && collector.validate(endpoints, 'specEndpointsFile', endpoints.data)) {
    data.specEndpoints = (endpoints.data as { endpoints: NonNullable<CatalogueData['specEndpoints']> }).endpoints;
  }

  const namesFile = path.join(specsDirectory, 'spec-names.yaml');
  const names = existsSync(namesFile) ? collector.read(namesFile) : undefined;
  if (names && collector.validate(names, 'specNamesFile', names.data)) {
    data.specNames = (names.data as { names: NonNullable<CatalogueData['specNames']> }).names;
  }

  for (const file of yamlFilesIn(path.join(specsDirectory, 'mscs'))) {
    const yaml = collector.read(file);
    if (!yaml || !collector.validate(yaml, 'msc', yaml.data)) continue;
    const entry = normaliseEntry(yaml.data as Record<string, unknown>, file, 1);
    const expectedName = `${entry.msc}.yaml`;
    if (path.basename(file) !== expectedName) {
      collector.issues.push({ file, line: yaml.lineOf(['msc']), message: `file name must be ${expectedName} for MSC${entry.msc}` });
    }
    data.mscs.push(entry);
  }

  for (const file of yamlFilesIn(path.join(specsDirectory, 'vendor-features'))) {
    const yaml = collector.read(file);
    if (!yaml || !collector.validate(yaml, 'vendorFeature', yaml.data)) continue;
    data.vendorFeatures.push({ ...(yaml.data as VendorFeature), origin: { file, line: 1 } });
  }

  return { data, issues: collector.issues, locate: (file, at) => collector.locate(file, at) };
}

/**
 * Read a user's catalogue file (--catalogue FILE): a document with `mscs`, `vendor_features`,
 * `spec_versions`, or a single MSC entry.
 */
export function readCatalogueDocument(file: string): CatalogueSources {
  const collector = new SourceCollector();
  const data: CatalogueData = { meta: {}, specVersions: [], mscs: [], vendorFeatures: [] };
  const yaml = collector.read(file);
  if (yaml) {
    const raw = yaml.data;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      collector.issues.push({ file, line: 1, message: 'a catalogue file must be a mapping with mscs:, vendor_features: or spec_versions:, or a single MSC entry' });
    } else if ('msc' in raw) {
      if (collector.validate(yaml, 'msc', raw)) data.mscs.push(normaliseEntry(raw as Record<string, unknown>, file, 1));
    } else if (collector.validate(yaml, 'document', raw)) {
      const document = raw as { meta?: CatalogueMeta; spec_versions?: SpecVersion[]; mscs?: Record<string, unknown>[]; vendor_features?: VendorFeature[] };
      data.meta = document.meta ?? {};
      data.specVersions = document.spec_versions ?? [];
      data.mscs = (document.mscs ?? []).map((entry, index) => normaliseEntry(entry, file, yaml.lineOf(['mscs', index]), ['mscs', index]));
      data.vendorFeatures = (document.vendor_features ?? []).map((feature, index) => ({
        ...feature,
        origin: { file, line: yaml.lineOf(['vendor_features', index]), pointer: ['vendor_features', index] },
      }));
    }
  }
  return { data, issues: collector.issues, locate: (f, at) => collector.locate(f, at) };
}

export function firstIssueAsError(issues: LintIssue[], what: string): InputError {
  const issue = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more; run msc-audit catalogue lint --catalogue FILE)` : '';
  return new InputError(issue ? `invalid ${what}: ${issue.file}:${issue.line}: ${issue.message}${more}` : `invalid ${what}`);
}
