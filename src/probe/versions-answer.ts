import type { HttpOutcome } from './http-client.js';
import { classifyAlone, describeAnswer } from './classify.js';

/**
 * Whether the answer to GET /_matrix/client/versions lets the audit go on. The one place that
 * decides between "a homeserver, judge it" and "not auditable, exit 3":
 *
 * - usable: a 200 JSON object with a `versions` or `unstable_features` key, whatever their shape
 *   (a Matrix server's malformed document: the invalid-versions-response rule judges it); or a
 *   Matrix error saying the endpoint is not implemented (404 or 400 M_UNRECOGNIZED, 405: the same rule).
 * - not-a-homeserver: a 200 whose body is not JSON (an HTML page, typically a web client's
 *   fallback route for any path), or JSON that is no versions document of any kind (no `versions`,
 *   no `unstable_features`). Nothing from such a server can be judged, so no finding is made.
 * - unreadable: no answer, a redirect that was not followed, 5xx, 429, or any other status.
 *
 * `retryable` says whether asking again could change the answer (a flaky proxy's HTML page, a 5xx),
 * for a caller that retries before giving up.
 */
export type VersionsAnswer = { usable: true } | { usable: false; kind: 'not-a-homeserver' | 'unreadable'; reason: string; retryable: boolean };

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

export function judgeVersionsAnswer(outcome: HttpOutcome): VersionsAnswer {
  if (outcome.error) return { usable: false, kind: 'unreadable', reason: outcome.error, retryable: true };
  if (outcome.redirect) return { usable: false, kind: 'unreadable', reason: `redirect to ${outcome.redirect} not followed`, retryable: false };
  if (outcome.status === 200) {
    const json = outcome.json;
    if (json === undefined) {
      const what = outcome.bodyKind === 'html' ? 'an HTML page' : outcome.bodyKind === 'empty' ? 'an empty body' : `a body that is not JSON (${outcome.jsonError ?? outcome.contentType ?? outcome.bodyKind ?? 'unknown content'})`;
      return { usable: false, kind: 'not-a-homeserver', reason: `answered 200 with ${what}, not a Matrix versions document`, retryable: outcome.bodyKind === 'html' || outcome.truncated === true };
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json) || (!hasOwn(json, 'versions') && !hasOwn(json, 'unstable_features'))) {
      return { usable: false, kind: 'not-a-homeserver', reason: 'answered 200 with JSON that is not a Matrix versions document (no "versions", no "unstable_features")', retryable: false };
    }
    return { usable: true };
  }
  // Matrix saying it does not serve /versions (404 or 400 M_UNRECOGNIZED, or 405): the rule reports it.
  if (classifyAlone(outcome)?.classification === 'absent') return { usable: true };
  const status = outcome.status;
  return { usable: false, kind: 'unreadable', reason: describeAnswer(outcome), retryable: status === undefined || status >= 500 || status === 429 };
}

/** The one-line message for an answer the audit cannot go on with; `tries` says how often it was asked, e.g. " (2 attempts)". */
export function versionsAnswerMessage(answer: Exclude<VersionsAnswer, { usable: true }>, url: string, tries = ''): string {
  return answer.kind === 'not-a-homeserver'
    ? `cannot read ${url}: it ${answer.reason}${tries}; this is not a Matrix homeserver's client API: give the homeserver's base URL (see its /.well-known/matrix/client), not a web client's`
    : `cannot read ${url}: ${answer.reason}${tries}; is this the homeserver's client API URL?`;
}
