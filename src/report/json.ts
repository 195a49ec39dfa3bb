import type { Report } from './model.js';
import { escapeJsonText } from '../util/sanitize.js';

/** JSON escapes every control, bidi and invisible character, so server strings cannot break it or hide in it. */
export function renderJson(report: Report): string {
  return `${escapeJsonText(JSON.stringify(report, null, 2))}\n`;
}
