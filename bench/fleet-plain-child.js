// The reference of the fleet benchmark: the same requests with a plain undici loop, as many in
// flight as the fleet's --max-requests, a keep-alive pool per server of the fleet's per-server size.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { mapConcurrent } from '../dist/probe/pool.js';

const [file, inFlight, perServer] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, 'utf8'));
const agent = new Agent({ connections: Number(perServer), keepAliveTimeout: 10_000 });
let failed = 0;
await mapConcurrent(requests, Number(inFlight), async ({ method, url }) => {
  try {
    const response = await request(url, { method, dispatcher: agent, headers: { accept: 'application/json', 'user-agent': 'msc-audit', ...(method === 'GET' ? {} : { 'content-length': '0' }) } });
    await response.body.text();
  } catch {
    failed += 1;
  }
});
await agent.close();
process.stdout.write(`${JSON.stringify({ requests: requests.length, failed, maxRssKb: process.resourceUsage().maxRSS, cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000) })}\n`);
