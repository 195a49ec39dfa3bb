import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { InputError } from './errors.js';

/** A parsed YAML file that can tell the line of any value in it. */
export interface YamlFile {
  file: string;
  data: unknown;
  /** 1-based line of the value at `path` (or of its nearest existing parent). */
  lineOf(path: ReadonlyArray<string | number>): number;
}

export class YamlSyntaxError extends InputError {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: invalid YAML: ${detail}`);
  }
}

export function parseYamlText(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = document.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    const detail = firstError.message.split('\n')[0] ?? 'syntax error';
    throw new YamlSyntaxError(file, line, detail);
  }
  const lineOf = (path: ReadonlyArray<string | number>): number => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  return { file, data: document.toJS({ maxAliasCount: 100 }), lineOf };
}

export function readYamlFile(file: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`cannot read ${file} (${code}): check the path`);
  }
  return parseYamlText(text, file);
}
