import type { Catalogue } from '../catalogue/index.js';
import { describeShadow, shadowingSpecEndpoint, type Shadow } from '../catalogue/shadowing.js';
import { classifyAlone, describeAnswer, type ObservedAnswer, type Verdict } from './classify.js';
import { CONTROL_LEAF, type PlannedProbe } from './plan.js';

/**
 * Probes of MSC endpoints that a templated spec endpoint also answers (see catalogue/shadowing.ts).
 * Their answers are ambiguous unless a discriminating probe tells the two apart.
 */

/** The spec endpoint that shadows a planned endpoint probe, if any (the method actually sent is what the server routes). */
export function shadowOfPlanned(catalogue: Catalogue, planned: PlannedProbe): Shadow | undefined {
  if (planned.purpose !== 'endpoint') return undefined;
  return shadowingSpecEndpoint(catalogue, planned.requestMethod ?? planned.method, planned.template ?? planned.path);
}

/**
 * The discriminating probe's path: the same request with every literal that the spec endpoint
 * takes as a parameter replaced by a value no server knows. Undefined where it could change server
 * state: like every endpoint probe it is sent without credentials and without a body, so only GET,
 * or another method where the spec requires a token (the server answers 401 before it acts).
 */
export function discriminatingPath(planned: PlannedProbe, shadow: Shadow): string | undefined {
  const method = planned.requestMethod ?? planned.method;
  if (method !== 'GET' && shadow.endpoint.auth_required !== true) return undefined;
  const segments = planned.path.split('/');
  for (const index of shadow.literalSegments) segments[index] = CONTROL_LEAF;
  return segments.join('/');
}

/** Is an answer worth a discriminating probe (could it be read as presence)? */
export function mayNeedDiscriminator(answer: ObservedAnswer): boolean {
  const alone = classifyAlone(answer);
  return alone === undefined || alone.classification === 'present' || answer.status === 405;
}

/**
 * The verdict on a shadowed probe. Absence and inconclusive answers stand (a path the server does
 * not route at all is absent whatever the spec has). Presence stands only when the discriminating
 * probe shows that the generic endpoint does not answer for any value (it is absent there):
 * then this path is served in its own right. Otherwise the answer is ambiguous.
 */
export function judgeShadowed(verdict: Verdict, answer: ObservedAnswer, shadow: Shadow, discriminator?: { path: string; answer: ObservedAnswer }): Verdict {
  if (verdict.classification !== 'present') return verdict;
  const seen = describeAnswer(answer);
  const generic = `the spec's ${describeShadow(shadow)}`;
  if (!discriminator) {
    return { classification: 'ambiguous', confidence: 'high', why: `${seen}: ${generic} also matches this path, and no safe probe can tell them apart` };
  }
  const other = classifyAlone(discriminator.answer);
  const otherSeen = describeAnswer(discriminator.answer);
  if (other?.classification === 'absent' && (other.confidence === 'high' || discriminator.answer.status === 405)) {
    return { classification: 'present', confidence: 'high', why: `${seen}, while ${discriminator.path} answers ${otherSeen}: ${generic} does not answer every value, so this path is served in its own right` };
  }
  return { classification: 'ambiguous', confidence: 'high', why: `${seen}: ${generic} also matches this path (${discriminator.path} answers ${otherSeen})` };
}

/**
 * The discriminating probes of one audit: planned lazily, once per method and path, when a
 * shadowed probe's answer looks like presence, and sent by the worker that needs them (so the
 * concurrency bound holds).
 */
export class Discriminators<Answer extends ObservedAnswer> {
  private readonly shadows = new Map<string, Shadow>();
  private readonly planned = new Map<string, PlannedProbe>();
  private readonly runs = new Map<string, Promise<void>>();

  constructor(
    catalogue: Catalogue,
    plan: readonly PlannedProbe[],
    private readonly send: (probe: PlannedProbe) => Promise<Answer>,
    private readonly answers: Map<string, Answer>,
  ) {
    for (const probe of plan) {
      const shadow = shadowOfPlanned(catalogue, probe);
      if (shadow) this.shadows.set(probe.id, shadow);
    }
  }

  private key(probe: PlannedProbe): string | undefined {
    const shadow = this.shadows.get(probe.id);
    const path = shadow ? discriminatingPath(probe, shadow) : undefined;
    return path === undefined ? undefined : `${probe.requestMethod ?? probe.method} ${path}`;
  }

  /** Send the discriminating probe a shadowed probe's answer calls for, if any; undefined when there is nothing to wait for. */
  afterAnswer(probe: PlannedProbe, answer: ObservedAnswer): Promise<void> | undefined {
    if (!this.shadows.has(probe.id)) return undefined;
    const key = this.key(probe);
    if (key === undefined || !mayNeedDiscriminator(answer)) return undefined;
    let run = this.runs.get(key);
    if (!run) {
      const method = probe.requestMethod ?? probe.method;
      const discriminator: PlannedProbe = { id: `discriminator${this.planned.size + 1}`, purpose: 'control', method, path: key.slice(method.length + 1) };
      this.planned.set(key, discriminator);
      run = this.send(discriminator).then((outcome) => {
        this.answers.set(discriminator.id, outcome);
      });
      this.runs.set(key, run);
    }
    return run;
  }

  /** The discriminating probes that were sent, to record beside the control probes. */
  probes(): PlannedProbe[] {
    return [...this.planned.values()];
  }

  /** A probe's verdict with its shadow taken into account, and the snapshot fields that say so. */
  judge(probe: PlannedProbe, verdict: Verdict, answer: ObservedAnswer): { verdict: Verdict; fields: { shadowedBy?: string; discriminatorId?: string } } {
    const shadow = this.shadows.get(probe.id);
    if (!shadow) return { verdict, fields: {} };
    const key = this.key(probe);
    const discriminator = key === undefined ? undefined : this.planned.get(key);
    const other = discriminator ? this.answers.get(discriminator.id) : undefined;
    return {
      verdict: judgeShadowed(verdict, answer, shadow, discriminator && other ? { path: discriminator.path, answer: other } : undefined),
      fields: { shadowedBy: describeShadow(shadow), ...(discriminator && other ? { discriminatorId: discriminator.id } : {}) },
    };
  }
}
