import { UnauditableError, InputError } from '../util/errors.js';
import { checkBaseUrl } from './target.js';
import type { HttpOutcome } from '../probe/http-client.js';
import { ownValue } from '../util/own.js';

/**
 * Client discovery, as the spec's "Server Discovery" section describes it:
 * 404 → ignore (use https://NAME); other non-200, non-JSON or a missing/invalid
 * m.homeserver.base_url → fail with a message saying what the document got wrong.
 */
export type WellKnownResult = { use: 'fallback'; why: string } | { use: 'base-url'; baseUrl: URL };

export function interpretWellKnown(name: string, outcome: HttpOutcome, insecure: boolean): WellKnownResult {
  const where = `https://${name}/.well-known/matrix/client`;
  if (outcome.error) return { use: 'fallback', why: `${where} did not answer (${outcome.error})` };
  if (outcome.redirect) throw new UnauditableError(`${where} redirects to ${outcome.redirect}, which msc-audit does not follow (${outcome.redirectProblem ?? 'another origin'}): give the homeserver URL directly`);
  if (outcome.status === 404) return { use: 'fallback', why: `${where} answered 404` };
  if (outcome.status !== 200) throw new UnauditableError(`${where} answered ${outcome.status}: fix the document or give the homeserver URL directly`);
  if (outcome.json === undefined || outcome.json === null || typeof outcome.json !== 'object' || Array.isArray(outcome.json)) {
    throw new UnauditableError(`${where} is not a JSON object${outcome.jsonError ? ` (${outcome.jsonError})` : ''}: fix the document or give the homeserver URL directly`);
  }
  const homeserver = ownValue(outcome.json, 'm.homeserver');
  const baseUrl = ownValue(homeserver, 'base_url');
  if (typeof baseUrl !== 'string') throw new UnauditableError(`${where} has no m.homeserver.base_url string: add it or give the homeserver URL directly`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UnauditableError(`${where} gives m.homeserver.base_url "${baseUrl.slice(0, 100)}", which is not a URL`);
  }
  try {
    return { use: 'base-url', baseUrl: checkBaseUrl(url, insecure, 'the discovered base URL') };
  } catch (error) {
    throw new UnauditableError(`${where}: ${error instanceof InputError ? error.message : String(error)}`);
  }
}
