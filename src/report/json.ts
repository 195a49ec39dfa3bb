import type { Report } from './model.js';

/** JSON escapes every control character, so server strings cannot break it. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
