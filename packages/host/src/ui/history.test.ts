import { createMemoryHistory, normalizePath, viewOfPath } from './history';

describe('history', () => {
  it('normalizes paths and finds their view', () => {
    expect(normalizePath('HistoryPush', 'crm')).toBe('/crm');
    expect(normalizePath('HistoryPush', '#/crm/1')).toBe('/crm/1');
    expect(normalizePath('HistoryPush', { path: '/crm' })).toBe('/crm');
    expect(() => normalizePath('HistoryPush', 3)).toThrow(/HistoryPush: the payload needs a path/);
    expect(viewOfPath('/crm/1?x=1')).toBe('crm');
    expect(viewOfPath('/')).toBe('agent-desktop');
  });

  it('keeps entries in memory: push, replace, go within range, listeners told', () => {
    const history = createMemoryHistory();
    const seen: string[] = [];
    history.listen((p) => seen.push(p));
    history.push('/a');
    history.push('/a'); // the same path: no new entry
    history.push('/b');
    history.go(-2);
    expect(history.path).toBe('/agent-desktop');
    history.go(-1); // out of range: nothing
    history.go(1);
    history.replace('/c');
    history.push('/d'); // drops the forward entries
    history.go(1);
    expect(history.path).toBe('/d');
    history.go(-1);
    expect(history.path).toBe('/c');
    expect(seen).toEqual(['/a', '/b', '/agent-desktop', '/a', '/c', '/d', '/c']);
  });
});
