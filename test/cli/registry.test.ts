import { describe, expect, it } from 'vitest';
import { Help } from 'commander';
import { COMMANDS } from '../../src/cli/commands.js';
import type { CliIo } from '../../src/cli/output.js';
import { cli } from '../helpers/cli.js';

const silentIo: CliIo = { stdout: () => undefined, stderr: () => undefined, stdoutStream: process.stdout, env: {} };

describe('the command registry', () => {
  it('lists each command once, and its synopsis is what the loaded command takes', async () => {
    expect(new Set(COMMANDS.map((entry) => entry.name)).size).toBe(COMMANDS.length);
    const help = new Help();
    for (const entry of COMMANDS) {
      const command = (await entry.load())(silentIo, () => undefined);
      expect(command.name()).toBe(entry.name);
      expect(help.subcommandTerm(command), entry.name).toBe(entry.synopsis ? `${entry.name} ${entry.synopsis}` : entry.name);
    }
  });

  it('--help lists every command with its synopsis without loading them', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    for (const entry of COMMANDS) expect(result.stdout).toContain(`  ${entry.name}${entry.synopsis ? ` ${entry.synopsis}` : ''}`);
  });

  it('a loaded command keeps its full help, and a mistyped one gets a suggestion', async () => {
    const help = await cli(['help', 'explain']);
    expect(help.stdout).toMatch(/Usage: msc-audit explain \[options\] <thing>/);
    expect(help.stdout).toContain('--format <format>');
    const typo = await cli(['audti']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'audti'[\s\S]*Did you mean audit\?/);
  });
});
