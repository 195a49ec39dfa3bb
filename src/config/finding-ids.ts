import { RULES } from '../rules/index.js';

/** Findings produced outside the rule files, by the waiver and requirement machinery. */
export const META_FINDING_IDS = ['expired-waiver', 'unused-waiver'] as const;

/** Every id a config may name in rules: or waivers:. */
export const KNOWN_FINDING_IDS: string[] = [...RULES.map((rule) => rule.id), ...META_FINDING_IDS];
