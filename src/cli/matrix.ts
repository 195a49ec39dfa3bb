import { Command, Option } from 'commander';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { MSC_STATUSES } from '../catalogue/types.js';
import { cliOverrides } from './options.js';
import { catalogueFor } from './run-audit.js';
import { resolveSettings } from '../config/resolve.js';
import type { CliIo } from './output.js';
import type { SupportMatrix } from '../matrix/model.js';

const MATRIX_FORMATS = ['markdown', 'json', 'csv', 'html'] as const;
type MatrixFormat = (typeof MATRIX_FORMATS)[number];

function mscNumber(value: string): number {
  const match = /^(?:msc)?(\d{1,6})$/i.exec(value.trim());
  if (!match) throw new InputError(`--msc takes MSC numbers (4186 or MSC4186), got "${value}"`);
  return Number(match[1]);
}

async function render(format: MatrixFormat, matrix: SupportMatrix): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../matrix/render/json.js')).renderMatrixJson(matrix);
    case 'csv':
      return (await import('../matrix/render/csv.js')).renderMatrixCsv(matrix);
    case 'html':
      return (await import('../matrix/render/html.js')).renderMatrixHtml(matrix);
    case 'markdown':
      return (await import('../matrix/render/markdown.js')).renderMatrixMarkdown(matrix);
  }
}

export function matrixCommand(io: CliIo): Command {
  return new Command('matrix')
    .description('build the support matrix (MSCs by servers) from fleet out-dirs, JSON reports or snapshots, offline')
    .argument('<inputs...>', 'fleet out-dirs, JSON reports or snapshots')
    .addOption(new Option('--format <format>', `${MATRIX_FORMATS.join(', ')}`).default('markdown'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--msc <numbers...>', 'only these MSCs (listed even where no server shows them)')
    .option('--status <statuses...>', `only MSCs of these catalogue statuses: ${MSC_STATUSES.join(', ')}`)
    .option('--released-in <version>', 'only MSCs released in this spec version')
    .option('--vendor <prefix>', 'only MSCs with an unstable identifier of this vendor prefix, e.g. org.matrix')
    .option('--catalogue <file>', 'a YAML catalogue file layered over the bundled catalogue')
    .option('--policy <policy>', 'for snapshot inputs: lifecycle policy (spec or msc2324)')
    .option('--as-of <date>', 'for snapshot inputs: judge as of this date, YYYY-MM-DD')
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const format = String(raw['format']) as MatrixFormat;
      if (!MATRIX_FORMATS.includes(format)) throw new InputError(`--format must be one of ${MATRIX_FORMATS.join(', ')}, got "${format}"`);
      const statuses = (raw['status'] as string[] | undefined)?.map((status) => {
        if (!(MSC_STATUSES as readonly string[]).includes(status)) throw new InputError(`--status must be among ${MSC_STATUSES.join(', ')}, got "${status}"`);
        return status as (typeof MSC_STATUSES)[number];
      });
      const filter = {
        ...(raw['msc'] ? { msc: (raw['msc'] as string[]).map(mscNumber) } : {}),
        ...(statuses ? { status: statuses } : {}),
        ...(raw['releasedIn'] !== undefined ? { releasedIn: String(raw['releasedIn']) } : {}),
        ...(raw['vendor'] !== undefined ? { vendor: String(raw['vendor']) } : {}),
      };
      const [settings] = resolveSettings(undefined, { ...cliOverrides(raw), server: '-' });
      const catalogue = await catalogueFor(settings!);
      const { loadMatrixInputs } = await import('../matrix/load.js');
      const { buildMatrix } = await import('../matrix/build.js');
      const inputs = await loadMatrixInputs(paths, catalogue, settings!);
      const matrix = buildMatrix(inputs, catalogue, filter);
      const text = await render(format, matrix);
      if (raw['output'] !== undefined) await writeFileAtomic(String(raw['output']), text);
      else io.stdout(text);
    });
}
