// Runs the msc-audit executable in this process and, on exit, appends its peak resident set
// size (kB, from process.resourceUsage) to stderr, so tests can bound the memory of a real run.
process.on('exit', () => {
  process.stderr.write(`\n@@peak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
await import('../../bin/msc-audit.js');
