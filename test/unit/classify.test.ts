import { describe, expect, it } from 'vitest';
import { classifyAgainstControl, classifyAlone } from '../../src/probe/classify.js';

describe('classifyAlone (shared/process.md, "Reading a probe")', () => {
  const cases: Array<[string, Parameters<typeof classifyAlone>[0], string | undefined]> = [
    ['404 M_UNRECOGNIZED is absent', { status: 404, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' }, 'absent'],
    ['400 M_UNRECOGNIZED (old Synapse) is absent', { status: 400, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' }, 'absent'],
    ['405 is absent for this method (the path exists for another)', { status: 405, bodyKind: 'html' }, 'absent'],
    ['405 M_UNRECOGNIZED is absent for this method', { status: 405, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' }, 'absent'],
    ['401 M_MISSING_TOKEN is present', { status: 401, errcode: 'M_MISSING_TOKEN', bodyKind: 'json' }, 'present'],
    ['401 M_UNKNOWN_TOKEN is present', { status: 401, errcode: 'M_UNKNOWN_TOKEN', bodyKind: 'json' }, 'present'],
    ['403 M_FORBIDDEN is present', { status: 403, errcode: 'M_FORBIDDEN', bodyKind: 'json' }, 'present'],
    ['400 M_NOT_JSON is present', { status: 400, errcode: 'M_NOT_JSON', bodyKind: 'json' }, 'present'],
    ['400 M_MISSING_PARAM is present', { status: 400, errcode: 'M_MISSING_PARAM', bodyKind: 'json' }, 'present'],
    ['200 JSON is present', { status: 200, bodyKind: 'json' }, 'present'],
    ['502 is inconclusive', { status: 502, bodyKind: 'html' }, 'inconclusive'],
    ['500 JSON is inconclusive', { status: 500, errcode: 'M_UNKNOWN', bodyKind: 'json' }, 'inconclusive'],
    ['429 after retries is inconclusive', { status: 429, errcode: 'M_LIMIT_EXCEEDED', bodyKind: 'json' }, 'inconclusive'],
    ['a reset is inconclusive', { error: 'ECONNRESET' }, 'inconclusive'],
    ['a timeout is inconclusive', { error: 'timeout' }, 'inconclusive'],
    ['a cross-origin redirect is inconclusive', { status: 302, redirect: 'https://elsewhere.test/' }, 'inconclusive'],
    ['404 HTML needs a control', { status: 404, bodyKind: 'html' }, undefined],
    ['404 M_NOT_FOUND needs a control', { status: 404, errcode: 'M_NOT_FOUND', bodyKind: 'json' }, undefined],
    ['empty 404 needs a control', { status: 404, bodyKind: 'empty' }, undefined],
    ['200 HTML needs a control', { status: 200, bodyKind: 'html' }, undefined],
  ];
  for (const [name, answer, expected] of cases) {
    it(name, () => expect(classifyAlone(answer)?.classification).toBe(expected));
  }
});

describe('classifyAgainstControl', () => {
  it('a proxy 404 page like the control is absent with low confidence', () => {
    const verdict = classifyAgainstControl({ status: 404, bodyKind: 'html' }, { status: 404, bodyKind: 'html' });
    expect(verdict).toMatchObject({ classification: 'absent', confidence: 'low' });
    expect(verdict.why).toMatch(/proxy/);
  });
  it('a Matrix 404 unlike the control means the route exists', () => {
    expect(classifyAgainstControl({ status: 404, errcode: 'M_NOT_FOUND', bodyKind: 'json' }, { status: 404, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' })).toMatchObject({
      classification: 'present',
      confidence: 'high',
    });
  });
  it('a catch-all 200 that answers everything alike tells nothing', () => {
    expect(classifyAgainstControl({ status: 200, bodyKind: 'html' }, { status: 200, bodyKind: 'html' }).classification).toBe('inconclusive');
  });
  it('no control, or an inconclusive control, is inconclusive', () => {
    expect(classifyAgainstControl({ status: 404, bodyKind: 'html' }, undefined).classification).toBe('inconclusive');
    expect(classifyAgainstControl({ status: 404, bodyKind: 'html' }, { status: 503, bodyKind: 'html' }).classification).toBe('inconclusive');
  });
  it('a non-Matrix error that differs from the control stays inconclusive', () => {
    expect(classifyAgainstControl({ status: 404, bodyKind: 'html' }, { status: 404, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' }).classification).toBe('inconclusive');
  });
});
