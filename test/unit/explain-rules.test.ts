import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { ruleLookup } from '../../src/cli/explain.js';

describe('explain loads the rules only for something shaped like a rule id', () => {
  it('every rule id has that shape, so explain finds each one', async () => {
    for (const rule of RULES) expect((await ruleLookup(rule.id))(rule.id)).toBe(rule);
  });

  it('MSCs, flags and paths look up no rule', async () => {
    for (const thing of ['MSC4186', '4186', 'org.matrix.simplified_msc3575', '/_matrix/client/v3/sync', 'm.login.password']) {
      expect((await ruleLookup(thing))(thing)).toBeUndefined();
    }
  });
});
