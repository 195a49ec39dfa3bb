// Injected by scripts/bundle.js into the CommonJS files of dist/bundle/ that use import.meta.url
// (src/catalogue/paths.ts finds the package root from it): the same URL, from CommonJS's __filename.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
