import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/config/load.js';

/** Config problems name the file, the line and the value that is wrong. */
const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-config-errors-'));
const configWith = (text: string): string => {
  const file = path.join(work, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
};

describe('config file errors', () => {
  it('a value of the wrong form is quoted, with file:line', () => {
    const file = configWith('server: http://127.0.0.1:8008\nas-of: 2026/01/01\n');
    expect(() => readConfigFile(file)).toThrow(`${file}:2: as-of: "2026/01/01" does not have the expected form`);
  });
});
