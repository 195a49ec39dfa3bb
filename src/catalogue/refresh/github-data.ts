import { stripControl } from '../../util/sanitize.js';
import { GitHubUnavailableError } from './github-client.js';

/**
 * The few facts the refresh reads from GitHub's documented response shapes, and the reducers
 * that pick them out. Bodies come from the network: only own properties of the expected types
 * are read, anything else in an item is ignored, and an item without them is skipped.
 */

/** An issue or pull request of matrix-org/matrix-spec-proposals with the `proposal` label. */
export interface ProposalItem {
  number: number;
  title: string;
  state: 'open' | 'closed';
  /** A pull request (GitHub's issues list includes both). */
  pull: boolean;
  labels: string[];
  merged_at?: string;
  closed_at?: string;
  updated_at: string;
}

/** A `labeled` / `unlabeled` issue event. */
export interface LabelEvent {
  event: 'labeled' | 'unlabeled';
  label: string;
  created_at: string;
}

export interface ReleaseItem {
  tag: string;
  published_at?: string;
  draft: boolean;
  prerelease: boolean;
}

const own = (value: object, key: string): unknown => (Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined);
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);
const timestamp = (value: unknown): string | undefined => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined);

function list(body: unknown, what: string): unknown[] {
  if (!Array.isArray(body)) throw new GitHubUnavailableError(`GitHub answered ${what} with something that is not a list: is GITHUB_API_URL the REST API root?`);
  return body;
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((label) => (typeof label === 'string' ? label : isObject(label) ? own(label, 'name') : undefined))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => stripControl(name).slice(0, 100));
}

/** GET /repos/{owner}/{repo}/issues → proposals. */
export function reduceIssues(body: unknown): ProposalItem[] {
  return list(body, 'the issues list').flatMap((item): ProposalItem[] => {
    if (!isObject(item)) return [];
    const number = own(item, 'number');
    const state = own(item, 'state');
    const updated = timestamp(own(item, 'updated_at'));
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0 || (state !== 'open' && state !== 'closed') || !updated) return [];
    const title = own(item, 'title');
    const pull = own(item, 'pull_request');
    const merged = isObject(pull) ? timestamp(own(pull, 'merged_at')) : undefined;
    const closed = timestamp(own(item, 'closed_at'));
    return [
      {
        number,
        title: typeof title === 'string' ? stripControl(title).trim().slice(0, 300) : '',
        state,
        pull: isObject(pull),
        labels: labelNames(own(item, 'labels')),
        ...(merged ? { merged_at: merged } : {}),
        ...(closed ? { closed_at: closed } : {}),
        updated_at: updated,
      },
    ];
  });
}

/** GET /repos/{owner}/{repo}/issues/{number}/events → label events (others are dropped). */
export function reduceIssueEvents(body: unknown): LabelEvent[] {
  return list(body, 'an issue events list').flatMap((item): LabelEvent[] => {
    if (!isObject(item)) return [];
    const event = own(item, 'event');
    const label = own(item, 'label');
    const created = timestamp(own(item, 'created_at'));
    if ((event !== 'labeled' && event !== 'unlabeled') || !isObject(label) || !created) return [];
    const name = own(label, 'name');
    return typeof name === 'string' ? [{ event, label: stripControl(name).slice(0, 100), created_at: created }] : [];
  });
}

/** GET /repos/{owner}/{repo}/releases → releases. */
export function reduceReleases(body: unknown): ReleaseItem[] {
  return list(body, 'the releases list').flatMap((item): ReleaseItem[] => {
    if (!isObject(item)) return [];
    const tag = own(item, 'tag_name');
    if (typeof tag !== 'string') return [];
    const published = timestamp(own(item, 'published_at'));
    return [{ tag: stripControl(tag).slice(0, 100), ...(published ? { published_at: published } : {}), draft: own(item, 'draft') === true, prerelease: own(item, 'prerelease') === true }];
  });
}

/** GET /repos/{owner}/{repo}/tags → tag names. */
export function reduceTags(body: unknown): string[] {
  return list(body, 'the tags list').flatMap((item) => {
    const name = isObject(item) ? own(item, 'name') : undefined;
    return typeof name === 'string' ? [stripControl(name).slice(0, 100)] : [];
  });
}

/**
 * When each label still on an issue was (last) added: the latest `labeled` event of that label
 * not followed by an `unlabeled` one. Dates are UTC calendar days. Only the labels asked for are
 * kept (the lifecycle ones), so no server-chosen name becomes a key.
 */
export function labelDates(events: readonly LabelEvent[], current: readonly string[], wanted: readonly string[]): Record<string, string> {
  const added = new Map<string, string>();
  const ordered = [...events].sort((a, b) => a.created_at.localeCompare(b.created_at));
  for (const event of ordered) {
    if (event.event === 'labeled') added.set(event.label, event.created_at);
    else added.delete(event.label);
  }
  const dates: Record<string, string> = {};
  for (const label of current) {
    if (!wanted.includes(label)) continue;
    const at = added.get(label);
    if (at !== undefined) dates[label] = at.slice(0, 10);
  }
  return dates;
}
