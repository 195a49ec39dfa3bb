import { errors as undiciErrors } from 'undici';

/**
 * Network failures in words a person can act on. The HTTP client records a short, stable code
 * per failed exchange (the snapshot keeps it); this module decides whether trying again can help,
 * and turns a code into one line that names the problem and its usual fix.
 */

/** The short code recorded for a failed exchange: Node's or OpenSSL's error code, or a timeout kind. */
export function networkErrorCode(error: unknown): string {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return 'timeout';
  if (error instanceof undiciErrors.ConnectTimeoutError) return 'connect timeout';
  if (error instanceof Error && error.name === 'AbortError') return 'aborted (deadline)';
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  const cause = error instanceof Error ? ((error as Error & { cause?: unknown }).cause ?? error) : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message.split('\n')[0] ?? 'network error' : 'network error';
}

// Answers that will be the same a second later: the name does not exist, the certificate is
// what it is, nothing listens on the port, the port speaks another protocol. Retrying them only
// multiplies the wait (and, for DNS, the queries).
const DNS_NO_SUCH_HOST = new Set(['ENOTFOUND']);
const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const UNKNOWN_ISSUER = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED']);
const EXPIRED = new Set(['CERT_HAS_EXPIRED']);
const NOT_YET_VALID = new Set(['CERT_NOT_YET_VALID']);
const WRONG_HOST = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_UNKNOWN_PROTOCOL']);
const REFUSED = new Set(['ECONNREFUSED']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const OTHER_CERTIFICATE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|[A-Z_]*CERT[A-Z_]*$)/;

/** Whether sending the same request again could get a different answer. */
export function isRetryableNetworkError(code: string): boolean {
  if (code === 'aborted (deadline)') return false;
  for (const set of [DNS_NO_SUCH_HOST, SELF_SIGNED, UNKNOWN_ISSUER, EXPIRED, NOT_YET_VALID, WRONG_HOST, NOT_TLS, REFUSED, UNREACHABLE]) {
    if (set.has(code)) return false;
  }
  // Other TLS and certificate errors are properties of the server's setup too.
  return !OTHER_CERTIFICATE.test(code);
}

function hostPort(url: URL): { host: string; port: string } {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { host: url.hostname, port };
}

/**
 * One line for a failed exchange with `url`: what went wrong, then what to do about it.
 * The code stays in the line, in parentheses, so people can search for it.
 */
export function describeNetworkError(code: string, url: URL): string {
  const { host, port } = hostPort(url);
  const at = `${host}:${port}`;
  if (DNS_NO_SUCH_HOST.has(code)) return `no such host ${host} (DNS lookup found no address, ${code}): check the spelling of the server name or URL`;
  if (code === 'EAI_AGAIN') return `the DNS lookup of ${host} failed for now (${code}): check this machine's network and DNS settings, then try again`;
  if (SELF_SIGNED.has(code)) {
    return `the TLS certificate of ${at} is self-signed, not issued by an authority this machine trusts (${code}): for a private CA or test certificate, trust it with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`;
  }
  if (UNKNOWN_ISSUER.has(code)) {
    return `the TLS certificate of ${at} is issued by an authority this machine does not trust (${code}): if the server omits its intermediate certificate, serve the full chain; for a private CA, trust it with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`;
  }
  if (EXPIRED.has(code)) return `the TLS certificate of ${at} has expired (${code}): renew it on the server (and check this machine's clock)`;
  if (NOT_YET_VALID.has(code)) return `the TLS certificate of ${at} is not valid yet (${code}): check this machine's clock`;
  if (WRONG_HOST.has(code)) {
    return `the TLS certificate served at ${at} is for another name than ${host} (${code}): use the host name the certificate names, or fix the server's certificate or virtual host`;
  }
  if (NOT_TLS.has(code)) {
    return `${at} does not speak TLS (${code}): it looks like a plain-HTTP port; use http://${at} (with --insecure unless it is loopback), or the server's HTTPS port`;
  }
  if (REFUSED.has(code)) return `connection refused by ${host} on port ${port} (${code}): nothing listens there; check the port and that the server is running`;
  if (UNREACHABLE.has(code)) return `no route to ${host} port ${port} (${code}): check the address and this machine's network`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return `the connection to ${at} was closed mid-request (${code}): a proxy or firewall may be cutting it`;
  if (code === 'timeout' || code === 'connect timeout') return `${at} did not answer in time (${code}): raise --timeout, or check that the server is up`;
  if (code === 'aborted (deadline)') return `the --deadline passed before ${at} answered: raise --deadline`;
  if (OTHER_CERTIFICATE.test(code)) return `the TLS connection to ${at} failed (${code}): check the server's certificate and TLS setup`;
  return `the request to ${at} failed (${code})`;
}
