import type { Command } from 'commander';
import type { CliIo } from './output.js';

/** Builds one command's options and action; its module is imported only when that command runs. */
export type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;

export interface CommandEntry {
  name: string;
  /** What `msc-audit --help` lists after the name: its options and arguments (a test keeps it true to the command). */
  synopsis: string;
  description: string;
  load: () => Promise<CommandFactory>;
}

/**
 * Every top-level command, in help order. Start-up imports only this list; a command's own
 * module (and what it needs) loads when that command runs. Adding a command is one line here.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'audit', synopsis: '[options] [server]', description: 'probe a homeserver and report MSC lifecycle violations', load: async () => (await import('./audit.js')).auditCommand },
  { name: 'probe', synopsis: '[options] <server>', description: 'gather a snapshot of a homeserver without judging it', load: async () => (await import('./probe.js')).probeCommand },
  { name: 'check', synopsis: '[options] <snapshot>', description: 'run the rules on a saved snapshot (offline)', load: async () => (await import('./check.js')).checkCommand },
  { name: 'baseline', synopsis: '[options] <file> [server]', description: 'write a baseline (a JSON report of the current findings) for later --baseline runs', load: async () => (await import('./baseline.js')).baselineCommand },
  { name: 'diff', synopsis: '[options] <old> <new>', description: 'compare two snapshots or JSON reports: features gained and lost, findings new and fixed, spec versions', load: async () => (await import('./diff.js')).diffCommand },
  { name: 'explain', synopsis: '[options] <thing>', description: 'explain a flag, an MSC (MSC4186), an endpoint path or URL, a rule id or a spec name', load: async () => (await import('./explain.js')).explainCommand },
  { name: 'catalogue', synopsis: '', description: 'inspect and maintain the MSC catalogue', load: async () => (await import('./catalogue.js')).catalogueCommand },
  { name: 'demo', synopsis: '[options]', description: 'start the built-in demo homeserver on 127.0.0.1, audit it and print the report (no network needed); with --serve, keep it up to try commands against', load: async () => (await import('./demo.js')).demoCommand },
  { name: 'fleet', synopsis: '[options] [list]', description: 'audit every server of a list (or the targets of .msc-audit.yaml) concurrently into an out-dir', load: async () => (await import('./fleet.js')).fleetCommand },
  { name: 'merge', synopsis: '[options] <dirs...>', description: 'combine the out-dirs of fleet shards into one (same catalogue, policy and as-of date)', load: async () => (await import('./merge.js')).mergeCommand },
  { name: 'matrix', synopsis: '[options] <inputs...>', description: 'build the support matrix (MSCs by servers) from fleet out-dirs, JSON reports or snapshots, offline', load: async () => (await import('./matrix.js')).matrixCommand },
];
