import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../util/errors.js';
import { isVendorPrefixedName } from './naming.js';

/**
 * Draft a catalogue entry from an MSC's text: its title and the identifiers named in its
 * "Unstable prefix" section. The draft is marked `draft: true`, which lint refuses until a
 * person has checked every value against the text and removed the mark.
 */
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

function unstableSection(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^#+\s.*unstable/i.test(line));
  if (start < 0) return '';
  const level = /^(#+)/.exec(lines[start]!)?.[1]?.length ?? 1;
  const end = lines.findIndex((line, index) => index > start && /^(#+)\s/.test(line) && (/^(#+)/.exec(line)?.[1]?.length ?? 9) <= level);
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

function methodNear(text: string, pathValue: string): string | undefined {
  const tail = pathValue.replace(/^\/_matrix\/[a-z]+\/[^/]+(\/[^/]+)?/, '');
  for (const line of text.split('\n')) {
    if (!line.includes(pathValue) && !(tail.length > 1 && line.includes(tail))) continue;
    const method = METHODS.find((m) => new RegExp(`\\b${m}\\b`).test(line));
    if (method) return method;
  }
  return undefined;
}

export function scaffoldEntry(msc: number, proposalsDir: string): { yaml: string; file: string } {
  const directory = path.join(proposalsDir, 'proposals');
  if (!existsSync(directory)) throw new InputError(`${directory} does not exist: --proposals takes the root of a matrix-org/matrix-spec-proposals clone`);
  const name = readdirSync(directory).find((file) => file.startsWith(`${msc}-`) && file.endsWith('.md'));
  if (!name) throw new InputError(`no proposals/${msc}-*.md in ${proposalsDir}: the MSC may not be merged; write its entry by hand from the pull request`);
  const text = readFileSync(path.join(directory, name), 'utf8');
  const title = (/^#\s+(.+)$/m.exec(text)?.[1] ?? `MSC${msc}`).replace(/^MSC\s?\d+:?\s*/i, '').trim();
  const section = unstableSection(text);
  const tokens = [...section.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]!);
  const endpoints: Array<{ method: string; path: string }> = [];
  const unknownMethods: string[] = [];
  const flags: string[] = [];
  const fields: Array<{ kind: string; name: string }> = [];
  for (const token of new Set(tokens)) {
    if (token.startsWith('/_matrix/')) {
      const method = methodNear(section, token) ?? methodNear(text, token);
      if (method) endpoints.push({ method, path: token });
      else unknownMethods.push(token);
    } else if (isVendorPrefixedName(token)) {
      const sentence = section.split(/(?<=[.!?])\s/).find((part) => part.includes(`\`${token}\``)) ?? '';
      if (/unstable_features|feature flag|\bflag\b/i.test(sentence)) flags.push(token);
      else fields.push({ kind: 'other', name: token });
    }
  }
  const entry = {
    msc,
    title,
    status: 'accepted',
    draft: true,
    unstable: { flags, endpoints, fields },
    sources: [`matrix-org/matrix-spec-proposals proposals/${name}`],
  };
  const header = [
    `# Draft scaffolded from proposals/${name}. Check every value against the text, set the right`,
    '# status (a merged proposal has completed FCP; released ones need released_in), add stable',
    '# identifiers and real servers\' names, then remove "draft: true".',
    ...(section ? [] : ['# The text has no "Unstable prefix" section: identifiers must be found by hand.']),
    ...unknownMethods.map((p) => `# Path without a method in the text: ${p}`),
  ];
  return { yaml: `${header.join('\n')}\n${stringify(entry)}`, file: `${msc}.yaml` };
}
