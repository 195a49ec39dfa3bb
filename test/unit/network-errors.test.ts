import { describe, expect, it } from 'vitest';
import { describeNetworkError, isRetryableNetworkError, networkErrorCode } from '../../src/probe/network-errors.js';

/** Which failures are retried, and that each line names the problem and its fix. */
describe('network error classes', () => {
  const url = new URL('https://hs.example:8448/_matrix/client/versions');

  it('retries only what another try can change', () => {
    for (const code of ['ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ECONNREFUSED', 'EHOSTUNREACH', 'CERT_REVOKED', 'aborted (deadline)']) {
      expect(isRetryableNetworkError(code), code).toBe(false);
    }
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'timeout', 'connect timeout', 'EAI_AGAIN', 'ETIMEDOUT', 'something new']) {
      expect(isRetryableNetworkError(code), code).toBe(true);
    }
  });

  it('names the problem, the code and the fix in one line', () => {
    const cases: Array<[string, RegExp]> = [
      ['ENOTFOUND', /^no such host hs\.example \(DNS lookup found no address, ENOTFOUND\): check the spelling/],
      ['EAI_AGAIN', /DNS lookup of hs\.example failed for now .*try again/],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', /hs\.example:8448 is self-signed.*NODE_EXTRA_CA_CERTS=/],
      ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /authority this machine does not trust.*full chain.*NODE_EXTRA_CA_CERTS=/],
      ['CERT_HAS_EXPIRED', /has expired \(CERT_HAS_EXPIRED\): renew it/],
      ['CERT_NOT_YET_VALID', /not valid yet.*clock/],
      ['ERR_TLS_CERT_ALTNAME_INVALID', /is for another name than hs\.example/],
      ['ERR_SSL_WRONG_VERSION_NUMBER', /hs\.example:8448 does not speak TLS.*use http:\/\/hs\.example:8448/],
      ['ECONNREFUSED', /^connection refused by hs\.example on port 8448 \(ECONNREFUSED\)/],
      ['EHOSTUNREACH', /no route to hs\.example port 8448/],
      ['timeout', /did not answer in time \(timeout\): raise --timeout/],
      ['CERT_REVOKED', /TLS connection to hs\.example:8448 failed \(CERT_REVOKED\)/],
    ];
    for (const [code, message] of cases) {
      const line = describeNetworkError(code, url);
      expect(line, code).toMatch(message);
      expect(line).not.toContain('\n');
    }
    // The default port is named when the URL has none.
    expect(describeNetworkError('ECONNREFUSED', new URL('https://hs.example/'))).toMatch(/on port 443 /);
  });

  it('reads the code from undici errors and their causes', () => {
    expect(networkErrorCode(Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) }))).toBe('ENOTFOUND');
    expect(networkErrorCode(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
