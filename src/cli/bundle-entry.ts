/**
 * The CLI bundle's entry (dist/bundle/cli.js, built by scripts/bundle.js). Each command is
 * bundled into a file of its own that imports from here what must exist once per process:
 * the error classes (isExpectedError compares with instanceof) and commander (main.ts checks
 * `instanceof CommanderError` on errors thrown by the command's own Command objects).
 */
export { main } from './entry.js';
export * from '../util/errors.js';
export { Argument, Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
