import type { SupportMatrix } from '../model.js';

/** The matrix as JSON (schema: specs/schema/matrix.schema.json). */
export function renderMatrixJson(matrix: SupportMatrix): string {
  return `${JSON.stringify(matrix, null, 2)}\n`;
}
