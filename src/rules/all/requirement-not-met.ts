import type { Rule } from '../types.js';
import { featureView } from '../features.js';

export const requirementNotMet: Rule = {
  id: 'requirement-not-met',
  severity: 'error',
  title: 'An MSC the configuration requires is not offered in the required form',
  rationale:
    'A deployment may depend on features (e.g. simplified sliding sync for Element X, authenticated media): the config file\'s require: list names them and the form they must take. This rule checks the feature view against it. An MSC whose probes were inconclusive is not reported: absence must be conclusive.',
  fix: 'Enable or implement the feature in the required form, or change the requirement in .msc-audit.yaml.',
  check({ snapshot, catalogue, requirements }) {
    if (requirements.length === 0) return [];
    const features = new Map(featureView(snapshot, catalogue).map((row) => [row.msc, row]));
    return requirements.flatMap((requirement) => {
      const row = features.get(requirement.msc);
      const entry = catalogue.msc(requirement.msc);
      const state = row?.state ?? 'absent';
      if (state === 'inconclusive') return [];
      const met =
        requirement.form === 'any' ? state !== 'absent' : requirement.form === 'stable' ? state === 'stable' || state === 'both' : state === 'unstable' || state === 'both';
      if (met) return [];
      // Unmet only on conclusive evidence: a probe that was inconclusive, or ambiguous (a templated
      // spec endpoint answers its path too), may be the very form that seems missing.
      if (row && (row.inconclusive.length > 0 || (row.ambiguous?.length ?? 0) > 0)) return [];
      return [
        {
          msc: requirement.msc,
          // The MSC is the finding's msc already: the subject is what was required of it.
          subject: requirement.form === 'any' ? 'required in either form' : `required in its ${requirement.form} form`,
          message: `MSC${requirement.msc}${entry ? ` (${entry.title})` : ''} is required ${requirement.form === 'any' ? '' : `in its ${requirement.form} form `}but the server offers ${state === 'absent' ? 'neither form' : `only its ${state} form`}${requirement.reason ? `; required because: ${requirement.reason}` : ''}`,
          evidence: [{ detail: row ? [...row.unstable.map((e) => `unstable: ${e}`), ...row.stable.map((e) => `stable: ${e}`)].join('; ') || 'no flag, endpoint or field of it was seen' : 'no flag, endpoint or field of it was seen' }],
          passage: { id: 'config-require', summary: 'The deployment\'s own requirements (config file, require:).', source: requirement.origin ?? '.msc-audit.yaml' },
        },
      ];
    });
  },
};
