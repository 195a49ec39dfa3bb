import { describe, expect, it } from 'vitest';
import { statusOn, lifecycleEvents } from '../../src/catalogue/lifecycle.js';
import { catalogue, entry } from '../helpers/build.js';

const source = 'example/repo#1';
const cat = catalogue([]);

describe('statusOn: the status an MSC had on a day', () => {
  const released = entry({ msc: 3440, status: 'released', released_in: 'v1.4', transitions: { accepted: { date: '2022-05-30', source } } });
  it('follows the dated steps of a released MSC', () => {
    expect(statusOn(released, '2022-10-01', cat).status).toBe('released');
    expect(statusOn(released, '2022-06-01', cat).status).toBe('accepted');
    expect(statusOn(released, '2020-01-01', cat)).toEqual({ status: 'open' });
  });
  it('says which date is missing instead of guessing', () => {
    const undated = entry({ msc: 3441, status: 'released', released_in: 'v1.4' });
    expect(statusOn(undated, '2022-10-01', cat).status).toBe('released');
    expect(statusOn(undated, '2020-01-01', cat)).toEqual({ status: 'open', unknown: { maybe: 'accepted', missing: 'acceptance' } });
    const accepted = entry({ msc: 4186, status: 'accepted' });
    expect(statusOn(accepted, '2026-08-01', cat)).toEqual({ status: 'accepted' });
    expect(statusOn(accepted, '2020-01-01', cat).unknown).toEqual({ maybe: 'accepted', missing: 'acceptance' });
  });
  it('counts an FCP that finished with disposition merge as acceptance', () => {
    const fcp = entry({ msc: 4000, status: 'accepted', transitions: { fcp_started: { date: '2024-01-01', source }, fcp_finished: { date: '2024-01-06', source, disposition: 'merge' }, accepted: { date: '2024-02-01', source } } });
    expect(statusOn(fcp, '2024-01-03', cat).status).toBe('fcp');
    expect(statusOn(fcp, '2024-01-10', cat).status).toBe('accepted');
    expect(statusOn(fcp, '2023-12-31', cat).status).toBe('open');
  });
  it('counts a closing only from its date', () => {
    const closed = entry({ msc: 3886, status: 'closed', transitions: { closed: { date: '2024-05-01', source } } });
    expect(statusOn(closed, '2024-05-01', cat).status).toBe('closed');
    expect(statusOn(closed, '2023-01-01', cat)).toEqual({ status: 'open' });
    const undated = entry({ msc: 3887, status: 'superseded', superseded_by: 3888 });
    expect(statusOn(undated, '2023-01-01', cat)).toEqual({ status: 'open', unknown: { maybe: 'superseded', missing: 'closing' } });
  });
  it('lists events oldest first, the release derived from released_in', () => {
    expect(lifecycleEvents(released, cat).map((event) => `${event.kind} ${event.date}`)).toEqual(['accepted 2022-05-30', 'released 2022-09-29']);
  });
});
