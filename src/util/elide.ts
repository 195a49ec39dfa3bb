/**
 * Error lines echo what the user typed; a 100 KB argument must not become a 100 KB line. Any run
 * of more than `max` non-space characters is cut, with an ellipsis and its length; a line still
 * longer than `maxLine` (a long argument with spaces) loses its middle, keeping its start (what
 * was wrong) and its end (what to do). Callers sanitise first (stripControl), so lengths count
 * what shows.
 */
export function elideLongRuns(text: string, max = 200, keep = 80, maxLine = 1000): string {
  const runs = text.replace(new RegExp(`\\S{${max + 1},}`, 'gu'), (run) => `${[...run].slice(0, keep).join('')}… (${run.length} characters)`);
  if (runs.length <= maxLine) return runs;
  const head = Math.floor(maxLine * 0.6);
  const tail = maxLine - head;
  return `${runs.slice(0, head)} … (${runs.length - head - tail} characters left out) … ${runs.slice(-tail)}`;
}
