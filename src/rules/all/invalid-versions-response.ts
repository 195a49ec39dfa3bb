import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, versionsEvidence } from '../evidence.js';

export const invalidVersionsResponse: Rule = {
  id: 'invalid-versions-response',
  severity: 'error',
  title: '/versions is missing, not JSON, or not of the shape the spec gives',
  rationale:
    'Clients learn what a server supports from GET /_matrix/client/versions: a "versions" array of strings and an optional "unstable_features" object mapping feature names to booleans (spec, client-server API, versions.yaml). A server whose document is missing or malformed cannot be used correctly by any client, and nothing else about its MSC support can be trusted.',
  fix: 'Serve GET /_matrix/client/versions without authentication as a JSON object: {"versions": ["v1.11", ...], "unstable_features": {"org.matrix.msc1234": true}}.',
  check({ facts }) {
    const document = facts.versionsDocument;
    if (document.state === 'ok' || document.state === 'inconclusive') return [];
    const what = { missing: 'missing', 'not-json': 'not JSON', 'invalid-shape': 'not of the spec\'s shape' }[document.state];
    return [
      {
        subject: '/_matrix/client/versions',
        message: `GET /_matrix/client/versions is ${what}: ${document.problems.join('; ')}`,
        evidence: [versionsEvidence(document.probe, document.problems.join('; '))],
        passage: PASSAGES.versionsEndpoint,
        ...(document.probe ? { reproduce: curlFor(document.probe) } : {}),
      },
    ];
  },
};
