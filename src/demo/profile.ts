import type { ServerProfile } from './homeserver.js';

/** Placeholder until the catalogue lands. */
export function demoProfile(): ServerProfile {
  return { name: 'demo', versions: { versions: ['v1.1'] }, routes: [], unknownPaths: 'matrix', federationVersion: { name: 'msc-audit demo homeserver', version: '0' } };
}
