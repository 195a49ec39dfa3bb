/**
 * Build step: check the YAML catalogue once and write dist/catalogue.json, which every
 * run loads instead of re-validating hundreds of files (see `npm run bench`).
 */
import { buildBundle } from './bundle.js';
import { bundledCataloguePath, specsPath } from './paths.js';
import { writeFileAtomic } from '../util/atomic-write.js';

const { data, issues } = buildBundle(specsPath());
if (issues.length > 0) {
  for (const issue of issues) process.stderr.write(`${issue.file}:${issue.line}: ${issue.message}\n`);
  process.stderr.write(`catalogue: ${issues.length} problem(s); the bundle was not written\n`);
  process.exit(2);
}
await writeFileAtomic(bundledCataloguePath(), JSON.stringify(data));
process.stdout.write(`catalogue: bundled ${data.mscs.length} MSCs, ${data.vendorFeatures.length} vendor features, ${data.specVersions.length} spec versions\n`);
