import { Command, Option } from 'commander';
import type { Rule } from '../rules/types.js';
import { explainEntry, explainRule, explainSpecEndpoint, explainSpecName, explainUncatalogued, explainVendorFeature, type Explained } from '../report/explain.js';
import { InputError } from '../util/errors.js';
import { catalogueFor } from './catalogue-for.js';
import type { CliIo } from './output.js';
import { refreshUseOptions } from './options.js';
import { refreshHeader } from './refresh-header.js';
import type { Catalogue } from '../catalogue/index.js';

/** A full URL (https://hs.example/_matrix/...) explains as its path; the origin is not the question. */
function pathOf(thing: string): string {
  if (!/^https?:\/\//i.test(thing)) return thing;
  try {
    return new URL(thing).pathname;
  } catch {
    return thing;
  }
}

/** Resolve what the user asked about: a rule id, an MSC number, a flag, an endpoint path or URL, or a spec name. */
export function resolve(asked: string, catalogue: Catalogue, ruleById: (id: string) => Rule | undefined): Explained | undefined {
  const thing = pathOf(asked);
  const rule = ruleById(thing);
  if (rule) return { kind: 'rule', text: explainRule(rule), entries: [] };
  const number = /^(?:msc)?(\d{1,5})$/i.exec(thing);
  if (number) {
    const entry = catalogue.msc(Number(number[1]));
    if (entry) return { kind: 'msc', text: explainEntry(entry, catalogue), entries: [entry] };
    const github = catalogue.refreshed(Number(number[1]));
    return github ? { kind: 'uncatalogued', text: explainUncatalogued(github), entries: [] } : undefined;
  }
  if (thing.startsWith('/')) {
    const path = thing.split('?')[0]!;
    const matches = catalogue.endpointsForPath(path);
    const specEndpoints = catalogue.specEndpointsForPath(path);
    const mirrored = ['GET', 'POST', 'PUT', 'DELETE'].map((method) => catalogue.mirroredSpecEndpoint(method, path)).filter((endpoint) => endpoint !== undefined);
    const mirrors = mirrored.map((endpoint) => `${path} is not a spec endpoint: it mirrors ${endpoint.method} ${endpoint.path} under /unstable/ without a vendor prefix (rule unprefixed-unstable-endpoint)`);
    const vendorMatches = catalogue.vendorEndpointsForPath(path);
    const vendor = vendorMatches.map(({ endpoint, feature }) => `${endpoint.method} ${endpoint.path}: served by ${feature.vendor} for "${feature.title}", not an MSC`);
    if (matches.length === 0 && specEndpoints.length === 0 && mirrors.length === 0 && vendor.length === 0) return undefined;
    const entries = [...new Map(matches.map((m) => [m.entry.msc, m.entry])).values()];
    const head = [...matches.map((m) => `${m.endpoint.method} ${m.endpoint.path}: the ${m.form} endpoint of MSC${m.entry.msc}`), ...specEndpoints.map(explainSpecEndpoint), ...mirrors, ...vendor].join('\n');
    return {
      kind: 'endpoint',
      text: `${head}\n${entries.length > 0 ? `\n${entries.map((e) => explainEntry(e, catalogue)).join('\n')}` : ''}`,
      entries,
      specEndpoints,
      unprefixedMirrors: mirrored.map((endpoint) => ({ path, mirrors: endpoint })),
      vendorFeatures: [...new Set(vendorMatches.map(({ feature }) => feature))],
    };
  }
  const flag = catalogue.flag(thing);
  if (flag) {
    const what = flag.form === 'stable' ? `the stable advertisement flag of MSC${flag.entry.msc}${flag.derived ? ' (derived from its unstable flag)' : ''}` : `the unstable flag of MSC${flag.entry.msc}`;
    return { kind: 'flag', text: `${thing}: ${what}\n\n${explainEntry(flag.entry, catalogue)}`, entries: [flag.entry] };
  }
  const feature = catalogue.vendorFeature(thing);
  if (feature) return { kind: 'vendor', text: explainVendorFeature(feature), entries: [] };
  const fields = catalogue.fieldsNamed(thing);
  if (fields.length > 0) {
    const entries = [...new Map(fields.map((f) => [f.entry.msc, f.entry])).values()];
    const head = fields.map((f) => `${f.field.kind} ${f.field.name}: the ${f.form} name in MSC${f.entry.msc}`).join('\n');
    return { kind: 'flag', text: `${head}\n\n${entries.map((e) => explainEntry(e, catalogue)).join('\n')}`, entries };
  }
  // Names the spec itself defines (login types, capabilities, ...): stable names, no MSC flag.
  const specNames = (catalogue.data.specNames ?? []).filter((name) => name.name === thing);
  if (specNames.length > 0) return { kind: 'spec-name', text: specNames.map(explainSpecName).join('\n'), entries: [], specNames };
  return undefined;
}

/**
 * The rule look-up, loaded only for something shaped like a rule id (lower-case words joined by
 * hyphens): the rules are the largest part of explain's code, and MSCs, flags and paths need none.
 */
export async function ruleLookup(thing: string): Promise<(id: string) => Rule | undefined> {
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(thing)) return () => undefined;
  return (await import('../rules/index.js')).ruleById;
}

export function explainCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('explain')
    .argument('<thing>', 'flag, MSC number, endpoint path or URL, rule id, or a name the spec defines (e.g. m.login.password)')
    .addOption(new Option('--format <format>', 'text or json (catalogue entries in the catalogue schema, with the spec endpoints and names the text names)').default('text').choices(['text', 'json']))
    .addOption(new Option('--catalogue <file>', 'a YAML catalogue file layered over the bundled one'))
    .addOption(refreshUseOptions()[0]!)
    .addOption(refreshUseOptions()[1]!)
    .action(async (thing: string, raw: Record<string, unknown>) => {
      const catalogue = await catalogueFor({
        ...(raw['catalogue'] !== undefined ? { catalogueFile: String(raw['catalogue']) } : {}),
        ...(raw['offlineCatalogue'] === true ? { offlineCatalogue: true } : {}),
        ...(raw['cacheDir'] !== undefined ? { cacheDir: String(raw['cacheDir']) } : {}),
      });
      const ruleById = await ruleLookup(thing.trim());
      const found = resolve(thing.trim(), catalogue, ruleById);
      if (!found) {
        throw new InputError(`"${thing}" is not a rule id, MSC, flag, endpoint or field the catalogue knows; try "msc-audit explain MSC4186" or add it with --catalogue`);
      }
      if (raw['format'] === 'json') {
        const rule = found.kind === 'rule' ? ruleById(thing.trim()) : undefined;
        // Everything the text form says, as data: entries in the catalogue schema, and the spec
        // endpoints, mirrors, vendor features and spec names the text names.
        const refreshed = catalogue.refresh ? { refreshed: { date: catalogue.refresh.date, api: catalogue.refresh.api, file: catalogue.refresh.file } } : {};
        const body = rule
          ? { rule: { id: rule.id, severity: rule.severity, title: rule.title, rationale: rule.rationale, fix: rule.fix } }
          : found.kind === 'vendor'
            ? { vendor_features: [catalogue.vendorFeature(thing.trim())] }
            : found.kind === 'uncatalogued'
              ? { ...refreshed, uncatalogued: [catalogue.refreshed(Number(/(\d+)$/.exec(thing.trim())![1]))] }
              : {
                  ...refreshed,
                  mscs: found.entries.map(({ origin: _origin, ...entry }) => entry),
                  ...(found.specEndpoints?.length ? { spec_endpoints: found.specEndpoints } : {}),
                  ...(found.unprefixedMirrors?.length ? { unprefixed_mirrors: found.unprefixedMirrors } : {}),
                  ...(found.vendorFeatures?.length ? { vendor_features: found.vendorFeatures } : {}),
                  ...(found.specNames?.length ? { spec_names: found.specNames } : {}),
                };
        io.stdout(`${JSON.stringify(body, null, 2)}\n`);
      } else io.stdout(`${catalogue.refresh && found.kind !== 'rule' ? `${refreshHeader(catalogue.refresh)}\n\n` : ''}${found.text}`);
      setExit(0);
    });
}
