import type { Catalogue } from '../catalogue/index.js';
import { SNAPSHOT_VERSION, type DiscoveryRecord, type ProbeRecord, type Snapshot } from '../snapshot/types.js';
import { InputError, UnauditableError, UnreachableError } from '../util/errors.js';
import { toolVersion } from '../util/version.js';
import { parseTarget, type Target } from '../discovery/target.js';
import { interpretWellKnown } from '../discovery/well-known.js';
import { federationOrigin } from '../discovery/federation.js';
import { HttpClient, type HttpOutcome } from './http-client.js';
import { describeNetworkError } from './network-errors.js';
import { classifyAgainstControl, classifyAlone, type Verdict } from './classify.js';
import { controlPath, controlPrefix, planProbes, type PlannedProbe } from './plan.js';
import { mapConcurrent } from './pool.js';
import { judgeVersionsAnswer, versionsAnswerMessage } from './versions-answer.js';
import { Discriminators } from './shadow.js';
import type { ProbeOptions } from './options.js';
import { ownValue } from '../util/own.js';


type ProbeFields = Omit<ProbeRecord, 'classification' | 'confidence' | 'why'>;

/**
 * The snapshot's record of one probe. Built by assignment, not by conditional spreads: a fleet
 * records hundreds of thousands of probes, and each spread was an object to allocate and copy.
 * The key order is the snapshot's (and so the JSON files').
 */
function record(planned: PlannedProbe, outcome: HttpOutcome, authenticated: boolean): ProbeFields {
  const probe = { id: planned.id, purpose: planned.purpose, method: planned.method } as ProbeFields;
  if (planned.requestMethod) probe.requestMethod = planned.requestMethod;
  probe.url = outcome.url;
  if (planned.template) probe.template = planned.template;
  if (planned.document) probe.document = planned.document;
  if (planned.msc !== undefined) probe.msc = planned.msc;
  if (planned.form) probe.form = planned.form;
  probe.authenticated = authenticated;
  if (outcome.status !== undefined) probe.status = outcome.status;
  if (outcome.errcode) probe.errcode = outcome.errcode;
  if (outcome.contentType) probe.contentType = outcome.contentType;
  if (outcome.bodyKind) probe.bodyKind = outcome.bodyKind;
  if (outcome.bodyBytes !== undefined) probe.bodyBytes = outcome.bodyBytes;
  if (outcome.truncated) probe.truncated = true;
  // Only documents keep their parsed bodies; other probes keep status and errcode.
  if ((planned.document !== undefined || planned.purpose === 'discovery') && outcome.json !== undefined) probe.json = outcome.json;
  if (outcome.jsonError) probe.jsonError = outcome.jsonError;
  if (outcome.jsonCut) probe.jsonCut = outcome.jsonCut;
  if (outcome.redirect) probe.redirect = outcome.redirect;
  if (outcome.redirectProblem) probe.redirectProblem = outcome.redirectProblem;
  if (outcome.error) probe.error = outcome.error;
  probe.durationMs = outcome.durationMs;
  probe.attempts = outcome.attempts;
  return probe;
}

interface Discovered {
  baseUrl: URL;
  discovery: DiscoveryRecord;
  probes: ProbeRecord[];
}

async function discover(target: Target, client: HttpClient, insecure: boolean): Promise<Discovered> {
  if (target.kind === 'url') return { baseUrl: target.url, discovery: { method: 'url', detail: 'given as a URL', probeIds: [] }, probes: [] };
  const url = new URL(`https://${target.name}/.well-known/matrix/client`);
  const outcome = await client.send({ method: 'GET', url });
  const planned: PlannedProbe = { id: 'discovery-well-known', purpose: 'discovery', method: 'GET', path: url.pathname, document: 'well-known' };
  const verdict = classifyAlone(outcome) ?? { classification: 'inconclusive' as const, confidence: 'high' as const, why: 'not a JSON answer' };
  const probe: ProbeRecord = { ...record(planned, outcome, false), ...verdict };
  const result = interpretWellKnown(target.name, outcome, insecure);
  if (result.use === 'base-url') {
    return { baseUrl: result.baseUrl, discovery: { method: 'well-known', detail: `m.homeserver.base_url of https://${target.name}/.well-known/matrix/client`, probeIds: [probe.id] }, probes: [probe] };
  }
  return { baseUrl: new URL(`https://${target.name}`), discovery: { method: 'fallback', detail: `${result.why}; using https://${target.name}`, probeIds: [probe.id] }, probes: [probe] };
}

async function readDelegatedFederationVersion(name: string, client: HttpClient, documents: Snapshot['documents']): Promise<ProbeRecord[]> {
  const wellKnownUrl = new URL(`https://${name}/.well-known/matrix/server`);
  const wellKnown = await client.send({ method: 'GET', url: wellKnownUrl });
  const wellKnownPlan: PlannedProbe = { id: 'federation-well-known', purpose: 'discovery', method: 'GET', path: wellKnownUrl.pathname, document: 'well-known-server' };
  const versionUrl = new URL(`${federationOrigin(name, wellKnown)}/_matrix/federation/v1/version`);
  const version = await client.send({ method: 'GET', url: versionUrl });
  const versionPlan: PlannedProbe = { id: 'federation-version-delegated', purpose: 'federation-version', method: 'GET', path: versionUrl.pathname, document: 'federation-version-delegated' };
  const verdict = (outcome: HttpOutcome) => classifyAlone(outcome) ?? { classification: 'inconclusive' as const, confidence: 'high' as const, why: 'not a Matrix answer' };
  documents['well-known-server'] = wellKnownPlan.id;
  if (version.status === 200) documents['federation-version'] = versionPlan.id;
  return [
    { ...record(wellKnownPlan, wellKnown, false), ...verdict(wellKnown) },
    { ...record(versionPlan, version, false), ...verdict(version) },
  ];
}

export interface GatherInput {
  target: string;
  catalogue: Catalogue;
  options: ProbeOptions;
  token?: string;
  /** Told of corrections made to the input (a base URL given with a /_matrix/... path), one line each. */
  onNote?: (message: string) => void;
}

/** Discover the homeserver, probe it as the catalogue plans, and return what was seen. */
export async function gatherSnapshot(input: GatherInput): Promise<Snapshot> {
  const startedAt = new Date();
  const started = performance.now();
  const target = parseTarget(input.target, input.options.insecure);
  if (target.kind === 'url' && target.note) input.onNote?.(target.note);
  if (input.token !== undefined && !/^[\x21-\x7e]+$/.test(input.token)) {
    throw new InputError('the access token contains spaces or control characters: check the token file or MATRIX_ACCESS_TOKEN');
  }
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), input.options.deadlineMs);
  deadlineTimer.unref();

  const discoveryClient = new HttpClient(input.options, deadline.signal);
  let discovered: Discovered;
  try {
    discovered = await discover(target, discoveryClient, input.options.insecure);
  } finally {
    await discoveryClient.close();
  }
  const base = discovered.baseUrl;
  if (input.token !== undefined && base.protocol === 'http:' && !input.options.insecure) {
    throw new InputError(`refusing to send the access token over plain http to ${base.origin}: use https, or pass --insecure`);
  }
  const basePath = base.pathname.replace(/\/$/, '');
  const urlFor = (path: string, fromOrigin = false): URL => new URL(`${base.origin}${fromOrigin ? '' : basePath}${path}`);
  const client = new HttpClient(input.options, deadline.signal, input.token ? { origin: base.origin, token: input.token } : undefined);

  try {
    // The well-known document was already read during discovery when a server name was given.
    const knownWellKnown = discovered.probes.find((probe) => probe.document === 'well-known' && probe.url === urlFor('/.well-known/matrix/client', true).href);
    const plan = planProbes(input.catalogue, { authenticated: input.token !== undefined, ...(knownWellKnown ? { skipDocuments: ['well-known'] } : {}) });
    const send = (planned: PlannedProbe): Promise<HttpOutcome> =>
      client.send({
        method: planned.requestMethod ?? planned.method,
        url: urlFor(planned.path, planned.fromOrigin === true),
        authenticate: planned.authenticate === true,
        // The audit cannot go on without these two: only a JSON answer will do.
        ...(planned.purpose === 'versions' || planned.document === 'versions-authenticated' || planned.document === 'whoami' ? { mustBeJson: true } : {}),
      });
    const authenticated = (planned: PlannedProbe): boolean => input.token !== undefined && planned.authenticate === true && planned.method === 'GET';

    // /versions first: if it cannot be read, nothing else can be judged, so stop early. Only a
    // JSON answer (or a conclusive "not here") counts: a proxy page, a 5xx or a body cut short
    // was asked again as long as the retry budget lasted, and is not evidence of anything.
    const [versionsPlan] = plan;
    if (!versionsPlan) throw new Error('empty probe plan');
    const versionsOutcome = await send(versionsPlan);
    const versionsUrl = urlFor('/_matrix/client/versions');
    const tries = versionsOutcome.attempts > 1 ? ` (${versionsOutcome.attempts} attempts)` : '';
    // A network failure says nothing about the path: name the problem and its fix instead.
    if (versionsOutcome.error) throw new UnreachableError(`cannot read ${versionsUrl.href}: ${describeNetworkError(versionsOutcome.error, versionsUrl)}${tries}`);
    if (versionsOutcome.redirect) {
      throw new UnauditableError(`cannot read ${versionsUrl.href}: it redirects to ${versionsOutcome.redirect}, not followed (${versionsOutcome.redirectProblem ?? 'another origin'}); is this the homeserver's client API URL?`);
    }
    // Whether the answer is a homeserver's at all is decided in one place (probe/versions-answer.ts),
    // after the client has asked again where asking again can help (an HTML page from a flaky proxy).
    const versionsAnswer = judgeVersionsAnswer(versionsOutcome);
    if (!versionsAnswer.usable) throw new UnauditableError(versionsAnswerMessage(versionsAnswer, versionsUrl.href, tries));

    // What the server advertises decides which path forms it owes (/r0/ or /v3/) and which spec
    // endpoints are worth probing: plan again now that it is known.
    const listed = ownValue(versionsOutcome.json, 'versions');
    const advertised = Array.isArray(listed) ? listed.filter((version): version is string => typeof version === 'string') : [];
    plan.splice(0, plan.length, ...planProbes(input.catalogue, { authenticated: input.token !== undefined, advertised, ...(knownWellKnown ? { skipDocuments: ['well-known'] } : {}) }));
    if (plan[0]?.id !== versionsPlan.id) throw new Error('the probe plan must start with /versions');

    const outcomes = new Map<string, HttpOutcome>([[versionsPlan.id, versionsOutcome]]);
    // With a token, check it before anything else: a rejected token would make every
    // authenticated answer a 401 and the audit meaningless.
    let identity: { userId?: string; deviceId?: string } = {};
    const whoamiPlan = plan.find((planned) => planned.document === 'whoami');
    if (whoamiPlan) {
      const whoami = await send(whoamiPlan);
      outcomes.set(whoamiPlan.id, whoami);
      if (whoami.status === 401 || whoami.status === 403) {
        throw new InputError(`the access token was rejected (GET ${whoamiPlan.path} answered ${whoami.status}${whoami.errcode ? ` ${whoami.errcode}` : ''}): check the token and that it belongs to this server`);
      }
      const userId = ownValue(whoami.json, 'user_id');
      const deviceId = ownValue(whoami.json, 'device_id');
      if (whoami.status !== 200 || typeof userId !== 'string') {
        throw new UnauditableError(`could not verify the access token: GET ${whoamiPlan.path} answered ${whoami.status ?? whoami.error ?? 'nothing'}`);
      }
      identity = { userId, ...(typeof deviceId === 'string' ? { deviceId } : {}) };
    }
    // Control probes are made only for prefixes where some answer cannot speak for itself, as
    // soon as the first such answer arrives, by the same worker (so the concurrency bound holds).
    const controls = new Map<string, PlannedProbe>();
    const controlRuns = new Map<string, Promise<void>>();
    const ensureControl = (planned: PlannedProbe): Promise<void> => {
      const key = `${planned.requestMethod ?? planned.method} ${controlPrefix(planned.path)}`;
      let run = controlRuns.get(key);
      if (!run) {
        const control: PlannedProbe = { id: `control${controls.size + 1}`, purpose: 'control', method: planned.requestMethod ?? planned.method, path: controlPath(controlPrefix(planned.path)) };
        controls.set(key, control);
        run = send(control).then((outcome) => {
          outcomes.set(control.id, outcome);
        });
        controlRuns.set(key, run);
      }
      return run;
    };
    // Endpoint probes that a templated spec endpoint also answers (see probe/shadow.ts).
    const discriminators = new Discriminators(input.catalogue, plan, send, outcomes);
    // Each answer's own verdict, worked out once: the worker needs it to decide on a control probe, the record after.
    const alone = new Map<string, Verdict | undefined>();
    await mapConcurrent(plan, input.options.concurrency, async (planned) => {
      const outcome = outcomes.get(planned.id) ?? (await send(planned));
      outcomes.set(planned.id, outcome);
      const verdict = classifyAlone(outcome);
      alone.set(planned.id, verdict);
      if (verdict === undefined) await ensureControl(planned);
      const discriminating = discriminators.afterAnswer(planned, outcome);
      if (discriminating) await discriminating;
    });
    const controlList = [...controls.values(), ...discriminators.probes()];

    const probes: ProbeRecord[] = [...discovered.probes];
    const documents: Snapshot['documents'] = { versions: 'versions' };
    if (knownWellKnown) documents['well-known'] = knownWellKnown.id;
    for (const planned of plan) if (planned.document) documents[planned.document] = planned.id;
    for (const planned of [...plan, ...controlList]) {
      const outcome = outcomes.get(planned.id)!;
      let verdict = planned.requestMethod && outcome.status === 405
        ? { classification: 'present' as const, confidence: 'high' as const, why: `405 to a ${planned.requestMethod} probe: the path is served (probed with ${planned.requestMethod} because ${planned.method} would act)` }
        : alone.has(planned.id) ? alone.get(planned.id) : classifyAlone(outcome);
      let controlId: string | undefined;
      if (!verdict && planned.purpose !== 'control') {
        const control = controls.get(`${planned.requestMethod ?? planned.method} ${controlPrefix(planned.path)}`);
        controlId = control?.id;
        verdict = classifyAgainstControl(outcome, control ? outcomes.get(control.id) : undefined);
      }
      verdict ??= { classification: 'absent', confidence: 'high', why: 'control probe of a surely-absent path' };
      if (planned.purpose === 'control') verdict = { ...verdict, why: `control: ${verdict.why}` };
      const shadowed = discriminators.judge(planned, verdict, outcome);
      const probe: ProbeRecord = Object.assign(record(planned, outcome, authenticated(planned)), shadowed.verdict);
      if (controlId) probe.controlId = controlId;
      probes.push(Object.assign(probe, shadowed.fields));
    }

    // The software name comes from the federation API. When the client base URL does not serve
    // it and a server name was given, ask where its federation API is delegated.
    if (target.kind === 'server-name' && outcomes.get('federation-version')?.status !== 200) {
      probes.push(...(await readDelegatedFederationVersion(target.name, client, documents)));
    }

    const finishedAt = new Date();
    return {
      snapshotVersion: SNAPSHOT_VERSION,
      tool: { name: 'msc-audit', version: toolVersion() },
      target: { input: target.input, baseUrl: `${base.origin}${basePath}`, discovery: discovered.discovery },
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      catalogue: { entries: input.catalogue.mscs.size, ...(input.catalogue.checkedAgainstSpec ? { checkedAgainstSpec: input.catalogue.checkedAgainstSpec } : {}) },
      documents,
      auth: { authenticated: input.token !== undefined, ...identity },
      probes,
    };
  } finally {
    clearTimeout(deadlineTimer);
    await client.close();
  }
}
