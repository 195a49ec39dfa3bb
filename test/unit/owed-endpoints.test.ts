import { describe, expect, it } from 'vitest';
import { owedEndpoint } from '../../src/catalogue/owed-endpoints.js';
import type { SpecEndpoint } from '../../src/catalogue/types.js';

/** Which path form a server owes: the one its own version list promises, whatever the judgement date. */
const aliases: SpecEndpoint = { method: 'GET', path: '/_matrix/client/v3/rooms/{roomId}/aliases', legacy_path: '/_matrix/client/r0/rooms/{roomId}/aliases', api: 'client-server', added_in: 'r0.6.1' };
const all = () => true;
const releasedBy2021 = (version: string) => version.startsWith('r0.');

describe('owedEndpoint', () => {
  it('an r0-only server owes the /r0/ form; one that lists a v1.x owes the /v3/ form', () => {
    expect(owedEndpoint(aliases, ['r0.5.0', 'r0.6.1'], all)).toEqual({ requiredBy: 'r0.6.1', path: '/_matrix/client/r0/rooms/{roomId}/aliases' });
    expect(owedEndpoint(aliases, ['r0.6.1', 'v1.1'], all)).toEqual({ requiredBy: 'v1.1', path: '/_matrix/client/v3/rooms/{roomId}/aliases' });
  });
  it('judged as of a day when only its r0.x versions were released, a v1.x server still owes the /v3/ form', () => {
    expect(owedEndpoint(aliases, ['r0.6.1', 'v1.1', 'v1.19'], releasedBy2021)).toEqual({ requiredBy: 'r0.6.1', path: '/_matrix/client/v3/rooms/{roomId}/aliases' });
  });
  it('owes nothing when no listed version that has it counts', () => {
    expect(owedEndpoint(aliases, ['r0.5.0', 'v1.1'], releasedBy2021)).toBeUndefined();
  });
});
