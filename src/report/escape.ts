import { stripControl } from '../util/sanitize.js';

/**
 * Escaping for each output language. Server strings and findings may contain anything:
 * `<`, `&`, `]]>`, `::`, `%`, newlines, `|`, backticks, escape sequences.
 */

/** XML text and attribute values: sanitised, then without characters XML 1.0 cannot carry at all. */
export function xml(value: string): string {
  return stripControl(value, true)
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** GitHub workflow command data (the message after `::`): %, CR and LF are encoded. */
export function githubData(value: string): string {
  return stripControl(value, true).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub workflow command property values (title=...): also : and , are encoded. */
export function githubProperty(value: string): string {
  return githubData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Inline Markdown (table cells too): no HTML, no code spans, no table breaks, one line. */
export function markdown(value: string): string {
  return stripControl(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}
