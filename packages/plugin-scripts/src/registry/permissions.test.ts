import { formatPermissionChange, formatPermissions, isEmptyPermissions, permissionsAdded } from './permissions';

const p = (actions: string[], slots: string[] = [], origins: string[] = []) => ({ actions, slots, origins });

describe('permissionsAdded', () => {
  it('lists, per kind, what the new version declares and the old one did not', () => {
    expect(
      permissionsAdded(
        p(['AcceptTask'], ['TaskCanvasTabs']),
        p(['AcceptTask', 'HangupCall'], [], ['https://crm.example.com']),
      ),
    ).toEqual(p(['HangupCall'], [], ['https://crm.example.com']));
  });

  it('adds nothing over an undeclared (unrestricted) version, nor over "*"', () => {
    expect(permissionsAdded(null, p(['AcceptTask'], ['X'], ['https://a']))).toEqual(p([]));
    expect(permissionsAdded(p(['*']), p(['AcceptTask', 'HangupCall']))).toEqual(p([]));
  });

  it('an undeclared new version adds "*" (anything) where the old one was restricted', () => {
    expect(permissionsAdded(p(['AcceptTask']), null)).toEqual(p(['*'], ['*'], ['*']));
  });
});

describe('formatting', () => {
  it('prints every kind, "none" for an empty one, and says when nothing is declared', () => {
    expect(formatPermissions(p(['AcceptTask', 'HangupCall'], [], ['https://crm.example.com']))).toBe(
      'actions AcceptTask, HangupCall; slots none; origins https://crm.example.com',
    );
    expect(formatPermissions(null)).toBe('undeclared (runs unrestricted)');
  });

  it('a change lists only the kinds that have something, signed', () => {
    expect(formatPermissionChange(p(['HangupCall'], [], ['https://a']), '+')).toBe(
      '+actions HangupCall; +origins https://a',
    );
    expect(formatPermissionChange(p([]), '-')).toBe('');
    expect(isEmptyPermissions(p([]))).toBe(true);
    expect(isEmptyPermissions(p([], ['S']))).toBe(false);
  });
});
