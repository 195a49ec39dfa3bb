import type { Classification, Confidence } from '../snapshot/types.js';
import type { HttpOutcome } from './http-client.js';

/**
 * How to read a probe's answer: shared/process.md, "Reading a probe".
 * First the answer alone; when it cannot speak for itself (a 404 without M_UNRECOGNIZED,
 * a proxy's HTML page, a non-JSON 2xx) it is compared with a control probe of a path
 * that surely does not exist under the same prefix.
 */
export interface Verdict {
  classification: Classification;
  confidence: Confidence;
  why: string;
}

export type ObservedAnswer = Pick<HttpOutcome, 'status' | 'errcode' | 'bodyKind' | 'error' | 'redirect' | 'redirectProblem' | 'contentType' | 'jsonError' | 'truncated'>;

const IMPLEMENTED_4XX_ERRCODES = new Set(['M_MISSING_PARAM', 'M_INVALID_PARAM', 'M_NOT_JSON', 'M_BAD_JSON', 'M_MISSING_TOKEN', 'M_UNKNOWN_TOKEN', 'M_FORBIDDEN', 'M_UNAUTHORIZED', 'M_BAD_STATE', 'M_LIMIT_EXCEEDED']);

function describe(answer: ObservedAnswer): string {
  const status = answer.status ?? '-';
  if (answer.errcode) return `${status} ${answer.errcode}`;
  if (answer.bodyKind && answer.bodyKind !== 'json') return answer.bodyKind === 'empty' ? `${status} empty body` : `${status} ${answer.bodyKind} body`;
  return String(status);
}

/** The verdict an answer supports on its own, or undefined when it needs a control probe. */
export function classifyAlone(answer: ObservedAnswer): Verdict | undefined {
  const inconclusive = (why: string): Verdict => ({ classification: 'inconclusive', confidence: 'high', why });
  if (answer.error) return inconclusive(`no answer: ${answer.error}`);
  if (answer.redirect) return inconclusive(`redirect to ${answer.redirect} not followed${answer.redirectProblem ? `: ${answer.redirectProblem}` : ''}`);
  const status = answer.status;
  if (status === undefined) return inconclusive('no status');
  const code = answer.errcode;
  const seen = describe(answer);
  if (status >= 500) return inconclusive(`${seen}: server error`);
  if (status === 429) return inconclusive(`${seen}: still rate-limited after retries`);
  // JSON cut short (a reset or a proxy) says nothing about the route.
  if (answer.jsonError !== undefined && !answer.truncated) return inconclusive(`${seen}: broken JSON (${answer.jsonError})`);
  if (code === 'M_UNRECOGNIZED') {
    if (status === 404) return { classification: 'absent', confidence: 'high', why: `${seen}: not implemented` };
    if (status === 400) return { classification: 'absent', confidence: 'high', why: `${seen}: not implemented (older servers answer unknown endpoints with 400)` };
  }
  // Probes use the method the catalogue gives, so a 405 means this endpoint (method + path) is not
  // served, though the path is for another method (two MSCs may share a path with different
  // methods). Weak absence: a proxy may also refuse methods.
  if (status === 405) return { classification: 'absent', confidence: 'low', why: `${seen}: the path exists, but not for this method` };
  if ((status === 401 || status === 403) && code) return { classification: 'present', confidence: 'high', why: `${seen}: implemented, needs authentication or permission` };
  if (status === 400 && code && IMPLEMENTED_4XX_ERRCODES.has(code)) return { classification: 'present', confidence: 'high', why: `${seen}: implemented, rejected the empty request` };
  if (status >= 200 && status < 300 && answer.bodyKind === 'json') return { classification: 'present', confidence: 'high', why: `${seen}: implemented` };
  return undefined;
}

/** An answer in a few words (`401 M_MISSING_TOKEN`, `404 html body`), for why-lines elsewhere. */
export const describeAnswer = describe;

export function answerSignature(answer: ObservedAnswer): string {
  return `${answer.status ?? '-'}|${answer.errcode ?? ''}|${answer.bodyKind ?? ''}`;
}

/** Decide an answer that cannot speak for itself by comparing it with its control probe. */
export function classifyAgainstControl(answer: ObservedAnswer, control: ObservedAnswer | undefined): Verdict {
  const seen = describe(answer);
  if (!control) return { classification: 'inconclusive', confidence: 'high', why: `${seen}: ambiguous, and no control probe` };
  const controlVerdict = classifyAlone(control);
  if (controlVerdict?.classification === 'inconclusive') {
    return { classification: 'inconclusive', confidence: 'high', why: `${seen}: ambiguous, and the control probe was inconclusive (${controlVerdict.why})` };
  }
  const status = answer.status ?? 0;
  if (answerSignature(answer) === answerSignature(control)) {
    if (status >= 400 && status < 500) {
      const proxy = answer.bodyKind !== 'json';
      return { classification: 'absent', confidence: 'low', why: `${seen}: same answer as a surely-absent path${proxy ? ' (likely a proxy page)' : ''}` };
    }
    return { classification: 'inconclusive', confidence: 'high', why: `${seen}: a surely-absent path gets the same answer, so this one tells nothing` };
  }
  const controlSeen = describe(control);
  if (answer.bodyKind === 'json' && answer.errcode) {
    return { classification: 'present', confidence: 'high', why: `${seen}: differs from a surely-absent path (${controlSeen}), so the route exists` };
  }
  if (status >= 200 && status < 400) {
    return { classification: 'present', confidence: 'low', why: `${seen}: differs from a surely-absent path (${controlSeen})` };
  }
  return { classification: 'inconclusive', confidence: 'high', why: `${seen}: not a Matrix answer, though it differs from a surely-absent path (${controlSeen})` };
}

/** Rules may only build violations on evidence like this. */
export function isConclusivelyPresent(verdict: Pick<Verdict, 'classification' | 'confidence'>): boolean {
  return verdict.classification === 'present' && verdict.confidence === 'high';
}

export function isConclusivelyAbsent(verdict: Pick<Verdict, 'classification' | 'confidence'>): boolean {
  return verdict.classification === 'absent' && verdict.confidence === 'high';
}
