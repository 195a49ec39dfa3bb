import type { Rule } from './types.js';
import { invalidVersionsResponse } from './all/invalid-versions-response.js';
import { unprefixedUnstableFlag } from './all/unprefixed-unstable-flag.js';
import { unprefixedUnstableEndpoint } from './all/unprefixed-unstable-endpoint.js';
import { prematureStableEndpoint } from './all/premature-stable-endpoint.js';
import { prematureStableFlag } from './all/premature-stable-flag.js';
import { lingeringUnstableFlag } from './all/lingering-unstable-flag.js';
import { lingeringUnstableEndpoint } from './all/lingering-unstable-endpoint.js';
import { closedMscFlag } from './all/closed-msc-flag.js';
import { unknownSpecVersion } from './all/unknown-spec-version.js';
import { flagWithoutEndpoint } from './all/flag-without-endpoint.js';
import { missingStableSupport } from './all/missing-stable-support.js';
import { unknownUnstableFlag } from './all/unknown-unstable-flag.js';
import { disabledUnstableFlag } from './all/disabled-unstable-flag.js';

/** Every rule, in report order. Adding a rule: one file in all/ and one line here. */
export const RULES: readonly Rule[] = [
  invalidVersionsResponse,
  unprefixedUnstableFlag,
  unprefixedUnstableEndpoint,
  prematureStableEndpoint,
  prematureStableFlag,
  lingeringUnstableFlag,
  lingeringUnstableEndpoint,
  closedMscFlag,
  unknownSpecVersion,
  flagWithoutEndpoint,
  missingStableSupport,
  unknownUnstableFlag,
  disabledUnstableFlag,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
