import { describe, expect, it } from 'vitest';
import { isVendorNamespace, isVendorPrefixedName, mscNumberInName } from '../../src/catalogue/naming.js';
import { compareSpecVersions, versionIncludes } from '../../src/catalogue/spec-versions.js';
import { addMonths, parseIsoDate } from '../../src/util/dates.js';
import { stripControl, forTerminal } from '../../src/util/sanitize.js';

describe('vendor prefixes (reverse DNS)', () => {
  it.each(['org.matrix.msc3440', 'uk.half-shot.msc2778', 'io.element.e2ee_forced.public', 'fi.mau.msc2659', 'org.matrix.simplified_msc3575', 'io.github.someone.feature'])('%s is prefixed', (name) =>
    expect(isVendorPrefixedName(name)).toBe(true),
  );
  it.each(['msc3440', 'm.lazy_load_members', 'm.foo.bar', 'org.matrix', 'feature_x', '3pid.thing.x', '', 'org..matrix'])('%s is not prefixed', (name) => expect(isVendorPrefixedName(name)).toBe(false));
  it('namespaces of unstable paths', () => {
    expect(isVendorNamespace('org.matrix.msc3575')).toBe(true);
    expect(isVendorNamespace('com.beeper')).toBe(true);
    expect(isVendorNamespace('account')).toBe(false);
    expect(isVendorNamespace('m.foo')).toBe(false);
  });
  it('finds the MSC number in a name', () => {
    expect(mscNumberInName('org.matrix.simplified_msc3575')).toBe(3575);
    expect(mscNumberInName('org.matrix.e2e_cross_signing')).toBeUndefined();
  });
});

describe('spec versions', () => {
  it('orders r0 before v1 and v1.10 after v1.9', () => {
    expect(['v1.10', 'r0.6.1', 'v1.9', 'r0.0.1', 'v1.2'].sort(compareSpecVersions)).toEqual(['r0.0.1', 'r0.6.1', 'v1.2', 'v1.9', 'v1.10']);
  });
  it('a later version includes an earlier one', () => {
    expect(versionIncludes('v1.11', 'v1.4')).toBe(true);
    expect(versionIncludes('v1.3', 'v1.4')).toBe(false);
    expect(versionIncludes('v1.1', 'r0.6.0')).toBe(true);
    expect(versionIncludes('bogus', 'v1.1')).toBe(false);
  });
});

describe('dates', () => {
  it('parses strictly', () => {
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('2026-2-3')).toBeUndefined();
    expect(parseIsoDate('2024-02-29')).toBeDefined();
  });
  it('adds months, clamping to the end of the month', () => {
    expect(addMonths('2022-09-29', 2)).toBe('2022-11-29');
    expect(addMonths('2023-12-31', 2)).toBe('2024-02-29');
  });
});

describe('sanitising server strings', () => {
  it('removes ANSI escapes and control characters', () => {
    expect(stripControl('a\u001b[31mred\u001b[0m\u0007b\u001b]0;title\u0007c')).toBe('aredbc');
    expect(stripControl('line1\nline2')).toBe('line1 line2');
    expect(stripControl('bidi\u202eevil')).toBe('bidi\\u202eevil');
  });
  it('bounds the length', () => {
    expect(forTerminal('x'.repeat(500), 10)).toHaveLength(10);
  });
});
