/**
 * The one sanitiser for strings that come from a server (errcodes, software names, flags, URLs,
 * bodies). They are untrusted: ANSI escapes and control characters can rewrite a terminal, bidi
 * controls can reorder what a reviewer reads, zero-width characters can make two different flags
 * look the same, and line separators can break one-line formats. Every renderer passes server
 * strings through here: text formats through `stripControl`/`forTerminal`, JSON through
 * `escapeJsonText`.
 */

// CSI / OSC / other ESC sequences: removed whole, so no half-sequence is left behind.
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0 controls other than tab and newline, DEL and C1 controls: removed.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/**
 * Characters that are invisible or change how the text around them is laid out: the bidi
 * controls (ALM, LRM, RLM, LRE..RLO, LRI..PDI), line and paragraph separators, and zero-width
 * characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM). Shown as a visible `\uXXXX`, so that a reader
 * sees that they are there and two strings that look alike can be told apart.
 */
const INVISIBLE = /[\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
/** Everything a JSON text may carry raw but a reader or a later consumer should not get raw. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

function visibleEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Remove escape sequences and control characters, and show invisible and bidi characters as
 * `\uXXXX`. Tabs and newlines become spaces unless `keepNewlines` (then CR still goes).
 */
export function stripControl(value: string, keepNewlines = false): string {
  const cleaned = value.replace(ANSI_SEQUENCE, '').replace(CONTROL, '').replace(INVISIBLE, visibleEscape);
  return keepNewlines ? cleaned : cleaned.replace(/[\n\t]+/g, ' ');
}

/** A single-line, length-bounded rendering of an untrusted string for terminals. */
export function forTerminal(value: string, maxLength = 200): string {
  const cleaned = stripControl(value);
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}

/**
 * Make a JSON text safe to show or embed: JSON.stringify escapes C0 controls but leaves DEL, C1,
 * bidi, separators and zero-width characters raw. They are escaped (`\u202e`), not stripped, so the
 * JSON still carries exactly what the server sent. Only valid on text produced by JSON.stringify.
 */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, visibleEscape);
}
