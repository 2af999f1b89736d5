import { DisposableStore } from '@switchboard/actions';
import { createStrings, DESKTOP_STRINGS, StringsRegistry } from './strings';

const ownerOf = (id: string) => ({ id, disposables: new DisposableStore() });

describe('StringsRegistry', () => {
  it('renders the catalogue with a context; an unknown key renders as the key, missing values empty', () => {
    const strings = new StringsRegistry();
    expect(strings.get('NoTasks')).toBe(DESKTOP_STRINGS.NoTasks);
    expect(strings.get('ChatWith', { task: { customerName: 'Ada' } })).toBe('Chat with Ada');
    expect(strings.get('ChatWith')).toBe('Chat with ');
    expect(strings.get('NoSuchKey')).toBe('NoSuchKey');
    expect(strings.template('NoSuchKey')).toBeUndefined();
    expect(strings.template('toString')).toBeUndefined();
  });

  it('applies overrides in order and undoes each on its own, whatever the order', () => {
    const strings = new StringsRegistry();
    const seen: number[] = [];
    strings.subscribe(() => seen.push(1));
    const a = strings.override({ NoTasks: 'A', Send: 'Send it' });
    const b = strings.override({ NoTasks: 'B' });
    expect(strings.get('NoTasks')).toBe('B');
    a.dispose();
    expect(strings.get('NoTasks')).toBe('B');
    expect(strings.get('Send')).toBe('Send');
    b.dispose();
    expect(strings.get('NoTasks')).toBe(DESKTOP_STRINGS.NoTasks);
    expect(seen).toHaveLength(4);
  });

  it("undoes an owner's overrides when the owner goes (a plugin unloads), leaving the others", () => {
    const strings = new StringsRegistry();
    const crm = ownerOf('crm');
    strings.override({ NoTasks: 'crm {{x}}' }, crm);
    strings.override({ Send: 'Go' });
    expect(strings.get('NoTasks', { x: 1 })).toBe('crm 1');
    crm.disposables.dispose();
    expect(strings.get('NoTasks')).toBe(DESKTOP_STRINGS.NoTasks);
    expect(strings.get('Send')).toBe('Go');
  });

  it('switches locale: the catalogue of the locale, English for the keys it lacks, overrides on top', () => {
    const strings = new StringsRegistry();
    strings.override({ Send: 'Envoyer!' });
    strings.setLocale('fr', { NoTasks: 'Aucune tâche.', Send: 'Envoyer' });
    expect(strings.locale).toBe('fr');
    expect(strings.get('NoTasks')).toBe('Aucune tâche.');
    expect(strings.get('Accept')).toBe('Accept');
    expect(strings.get('Send')).toBe('Envoyer!');
    strings.setLocale('en');
    expect(strings.get('NoTasks')).toBe(DESKTOP_STRINGS.NoTasks);
    strings.setLocale('fr');
    expect(strings.get('NoTasks')).toBe('Aucune tâche.');
  });

  it('refuses values that are not strings, naming the key and the plugin', () => {
    const strings = new StringsRegistry();
    expect(() => strings.override({ NoTasks: 3 as unknown as string }, ownerOf('crm'))).toThrow(
      /strings.override \(plugin "crm"\): the value of "NoTasks" must be a string/,
    );
    expect(() => strings.setLocale('')).toThrow(/locale must be a non-empty string/);
  });

  it('makes standalone strings for UI shown before a host exists', () => {
    const strings = createStrings();
    expect(strings.get('SignInNoAnswer', { serverUrl: 'http://cc', error: 'down' })).toBe(
      'The contact center at http://cc did not answer (down).',
    );
  });

  it('keeps the merged catalogue stable between changes (for useSyncExternalStore)', () => {
    const strings = new StringsRegistry();
    const first = strings.all();
    expect(strings.all()).toBe(first);
    strings.override({ X: 'y' }).dispose();
    expect(strings.all()).not.toBe(first);
  });
});
