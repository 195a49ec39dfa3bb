/**
 * Strings that come from a server (errcodes, software names, flags, bodies) are
 * untrusted: they may carry ANSI escapes or control characters that rewrite a
 * terminal, or markup that breaks a report. Every renderer passes them through here.
 */

// CSI / OSC / other ESC sequences, then any remaining C0/C1 control characters.
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Remove escape sequences and control characters; keep tabs and newlines only if asked. */
export function stripControl(value: string, keepNewlines = false): string {
  const withoutAnsi = value.replace(ANSI_SEQUENCE, '');
  const cleaned = withoutAnsi.replace(CONTROL, '');
  return keepNewlines ? cleaned : cleaned.replace(/[\r\n\t]+/g, ' ');
}

/** A single-line, length-bounded rendering of an untrusted string for terminals. */
export function forTerminal(value: string, maxLength = 200): string {
  const cleaned = stripControl(value);
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}
