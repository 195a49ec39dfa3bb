import type { RequestGate } from './gate.js';

/** Knobs of the probe engine; every audit carries its own copy (no global state). */
export interface ProbeOptions {
  /** Per-request timeout, milliseconds. */
  timeoutMs: number;
  /** Whole-audit deadline, milliseconds; probes not done by then are inconclusive. */
  deadlineMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Retries after a 429, a 5xx or a network error. */
  retries: number;
  /** First backoff delay; doubles each retry. */
  backoffMs: number;
  /** Longest wait a 429 may ask for before the probe gives up (inconclusive). */
  maxRetryAfterMs: number;
  /** Bytes of body read at most; the rest is discarded. */
  maxBodyBytes: number;
  /** Allow plain http:// to non-loopback hosts. */
  insecure: boolean;
  /** Called once per finished request, for --verbose tracing. */
  onRequest?: (trace: RequestTrace) => void;
  /** A bound on requests in flight shared with other audits (fleet runs). */
  gate?: RequestGate;
}

export interface RequestTrace {
  method: string;
  url: string;
  status?: number;
  errcode?: string;
  error?: string;
  durationMs: number;
  attempt: number;
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = {
  timeoutMs: 10_000,
  deadlineMs: 120_000,
  concurrency: 8,
  retries: 2,
  backoffMs: 500,
  maxRetryAfterMs: 15_000,
  maxBodyBytes: 256 * 1024,
  insecure: false,
};
