import { Command } from 'commander';
import type { CliIo } from './output.js';

export function mergeCommand(io: CliIo): Command {
  return new Command('merge')
    .description('combine the out-dirs of fleet shards into one (same catalogue, policy and as-of date)')
    .argument('<dirs...>', 'out-dirs written by msc-audit fleet --shard')
    .requiredOption('--out-dir <dir>', 'the merged out-dir')
    .action(async (dirs: string[], raw: Record<string, unknown>) => {
      const { mergeRuns } = await import('../fleet/merge.js');
      const outDir = String(raw['outDir']);
      const index = await mergeRuns(dirs, outDir, io.stderr);
      io.stdout(`merge: ${dirs.length} out-dirs, ${index.counts.total} servers (${index.counts.audited} audited); index ${outDir.replace(/\/$/, '')}/index.json\n`);
    });
}
