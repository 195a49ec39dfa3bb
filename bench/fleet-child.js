// `msc-audit ARGS` in this process, then its peak RSS as the last line (for bench/fleet.js).
import { runCli } from '../dist/cli/main.js';

let summary = '';
const code = await runCli(process.argv.slice(2), { stdout: (text) => { summary += text; }, stderr: (text) => process.stderr.write(text), stdoutStream: process.stdout, env: process.env });
process.stdout.write(`${JSON.stringify({ code, summary: summary.trim(), maxRssKb: process.resourceUsage().maxRSS, cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000) })}\n`);
