import { DisposableStore } from '@switchboard/actions';
import { Emitter } from './index';

interface Events {
  ready: (at: number) => void;
  closed: () => void;
}

describe('Emitter', () => {
  it('calls the listeners of one event, in order, and unsubscribes through the Disposable', () => {
    const seen: string[] = [];
    const events = new Emitter<Events>(() => {});
    const a = events.on('ready', (at) => seen.push(`a${at}`));
    events.on('ready', (at) => seen.push(`b${at}`));
    events.on('closed', () => seen.push('closed'));
    events.emit('ready', 1);
    a.dispose();
    events.emit('ready', 2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(events.count('ready')).toBe(1);
    expect(events.count()).toBe(2);
  });

  it('isolates a listener that throws, telling onError the event and the owner', () => {
    const errors: Array<[string, string, string | undefined]> = [];
    const events = new Emitter<Events>((error, event, owner) =>
      errors.push([(error as Error).message, String(event), owner?.id]),
    );
    const seen: number[] = [];
    events.on(
      'ready',
      () => {
        throw new Error('boom');
      },
      { id: 'plugin-a' },
    );
    events.on('ready', (at) => seen.push(at));
    events.emit('ready', 7);
    expect(seen).toEqual([7]);
    expect(errors).toEqual([['boom', 'ready', 'plugin-a']]);
  });

  it("owned subscriptions go when the owner's store is disposed", () => {
    const disposables = new DisposableStore();
    const events = new Emitter<Events>(() => {});
    events.on('closed', () => {}, { id: 'p', disposables });
    events.on('closed', () => {});
    disposables.dispose();
    expect(events.count('closed')).toBe(1);
  });
});
