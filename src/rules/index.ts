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
import { advertisedVersionMissingEndpoint } from './all/advertised-version-missing-endpoint.js';
import { prematureStableField } from './all/premature-stable-field.js';
import { unprefixedUnstableField } from './all/unprefixed-unstable-field.js';
import { unstableRoomVersionMarkedStable } from './all/unstable-room-version-marked-stable.js';
import { lingeringUnstableField } from './all/lingering-unstable-field.js';
import { undeclaredUnstableEndpoint } from './all/undeclared-unstable-endpoint.js';
import { requirementNotMet } from './all/requirement-not-met.js';

/** Every rule, in report order. Adding a rule: one file in all/ and one line here. */
export const RULES: readonly Rule[] = [
  invalidVersionsResponse,
  requirementNotMet,
  advertisedVersionMissingEndpoint,
  unprefixedUnstableFlag,
  unprefixedUnstableEndpoint,
  unprefixedUnstableField,
  prematureStableEndpoint,
  prematureStableFlag,
  prematureStableField,
  unstableRoomVersionMarkedStable,
  lingeringUnstableFlag,
  lingeringUnstableEndpoint,
  lingeringUnstableField,
  closedMscFlag,
  unknownSpecVersion,
  flagWithoutEndpoint,
  missingStableSupport,
  undeclaredUnstableEndpoint,
  unknownUnstableFlag,
  disabledUnstableFlag,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
