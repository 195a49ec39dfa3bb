import { InputError } from './errors.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse a YYYY-MM-DD calendar date strictly (rejects 2026-02-30). */
export function parseIsoDate(value: string): Date | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date;
}

export function requireIsoDate(value: string, what: string): string {
  if (!parseIsoDate(value)) throw new InputError(`${what} must be a date written YYYY-MM-DD, got "${value}"`);
  return value;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Add whole calendar months to a YYYY-MM-DD date (clamped to the month's end). */
export function addMonths(isoDate: string, months: number): string {
  const date = parseIsoDate(isoDate);
  if (!date) throw new Error(`not a date: ${isoDate}`);
  const targetMonth = date.getUTCMonth() + months;
  const result = new Date(Date.UTC(date.getUTCFullYear(), targetMonth, 1));
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return result.toISOString().slice(0, 10);
}
