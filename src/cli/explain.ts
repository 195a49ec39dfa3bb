import { Command, Option } from 'commander';
import { ruleById } from '../rules/index.js';
import { explainEntry, explainRule, explainSpecEndpoint, explainVendorFeature } from '../report/explain.js';
import { InputError } from '../util/errors.js';
import { catalogueFor } from './run-audit.js';
import type { CliIo } from './output.js';
import type { Catalogue } from '../catalogue/index.js';
import type { MscEntry } from '../catalogue/types.js';

/** Resolve what the user asked about: a rule id, an MSC number, a flag or an endpoint path. */
function resolve(thing: string, catalogue: Catalogue): { kind: 'rule' | 'msc' | 'flag' | 'endpoint' | 'vendor'; text: string; entries: MscEntry[] } | undefined {
  const rule = ruleById(thing);
  if (rule) return { kind: 'rule', text: explainRule(rule), entries: [] };
  const number = /^(?:msc)?(\d{1,5})$/i.exec(thing);
  if (number) {
    const entry = catalogue.msc(Number(number[1]));
    return entry ? { kind: 'msc', text: explainEntry(entry, catalogue), entries: [entry] } : undefined;
  }
  if (thing.startsWith('/')) {
    const path = thing.split('?')[0]!;
    const matches = catalogue.endpointsForPath(path);
    const spec = catalogue.specEndpointsForPath(path).map(explainSpecEndpoint);
    const mirrors = ['GET', 'POST', 'PUT', 'DELETE']
      .map((method) => catalogue.mirroredSpecEndpoint(method, path))
      .filter((endpoint) => endpoint !== undefined)
      .map((endpoint) => `${path} is not a spec endpoint: it mirrors ${endpoint.method} ${endpoint.path} under /unstable/ without a vendor prefix (rule unprefixed-unstable-endpoint)`);
    const vendor = catalogue.vendorEndpointsForPath(path).map(({ endpoint, feature }) => `${endpoint.method} ${endpoint.path}: served by ${feature.vendor} for "${feature.title}", not an MSC`);
    if (matches.length === 0 && spec.length === 0 && mirrors.length === 0 && vendor.length === 0) return undefined;
    const entries = [...new Map(matches.map((m) => [m.entry.msc, m.entry])).values()];
    const head = [...matches.map((m) => `${m.endpoint.method} ${m.endpoint.path}: the ${m.form} endpoint of MSC${m.entry.msc}`), ...spec, ...mirrors, ...vendor].join('\n');
    return { kind: 'endpoint', text: `${head}\n${entries.length > 0 ? `\n${entries.map((e) => explainEntry(e, catalogue)).join('\n')}` : ''}`, entries };
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
  return undefined;
}

export function explainCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('explain')
    .argument('<thing>', 'flag, MSC number, endpoint path or rule id')
    .addOption(new Option('--format <format>', 'text or json (catalogue entries in the catalogue schema)').default('text').choices(['text', 'json']))
    .addOption(new Option('--catalogue <file>', 'a YAML catalogue file layered over the bundled one'))
    .action(async (thing: string, raw: Record<string, unknown>) => {
      const catalogue = await catalogueFor(raw['catalogue'] !== undefined ? { catalogueFile: String(raw['catalogue']) } : {});
      const found = resolve(thing.trim(), catalogue);
      if (!found) {
        throw new InputError(`"${thing}" is not a rule id, MSC, flag, endpoint or field the catalogue knows; try "msc-audit explain MSC4186" or add it with --catalogue`);
      }
      if (raw['format'] === 'json') {
        const rule = found.kind === 'rule' ? ruleById(thing.trim()) : undefined;
        const body = rule
          ? { rule: { id: rule.id, severity: rule.severity, title: rule.title, rationale: rule.rationale, fix: rule.fix } }
          : found.kind === 'vendor'
            ? { vendor_features: [catalogue.vendorFeature(thing.trim())] }
            : { mscs: found.entries.map(({ origin: _origin, ...entry }) => entry) };
        io.stdout(`${JSON.stringify(body, null, 2)}\n`);
      } else io.stdout(found.text);
      setExit(0);
    });
}
