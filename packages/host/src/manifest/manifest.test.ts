import { fetchManifest, parseManifest } from './manifest';
import { checkPermissions } from './permissionsSchema';

const BASE = 'https://desk.example.com/config/plugins.json';
const ok = { name: 'crm-card', version: '1.2.0', src: 'crm-card.js', hostVersion: '^0.1.0' };
const SHA384 = `sha384-${'A'.repeat(64)}`;

describe('parseManifest', () => {
  it('accepts { plugins } and a bare array, applies defaults and resolves src against the base', () => {
    const expected = [
      {
        index: 0,
        name: 'crm-card',
        entry: {
          name: 'crm-card',
          version: '1.2.0',
          src: 'https://desk.example.com/config/crm-card.js',
          hostVersion: '^0.1.0',
          phase: 0,
          enabled: true,
        },
      },
    ];
    expect(parseManifest({ plugins: [ok] }, BASE)).toEqual(expected);
    expect(parseManifest([ok], BASE)).toEqual(expected);
    expect(parseManifest({ $schema: 'x', plugins: [] }, BASE)).toEqual([]);
  });

  it('keeps integrity, phase and enabled when given', () => {
    const [parsed] = parseManifest(
      [{ ...ok, name: '@acme/crm', src: 'https://cdn.test/crm.js', integrity: SHA384, phase: 2, enabled: false }],
      BASE,
    );
    expect(parsed?.entry).toEqual({
      name: '@acme/crm',
      version: '1.2.0',
      src: 'https://cdn.test/crm.js',
      integrity: SHA384,
      hostVersion: '^0.1.0',
      phase: 2,
      enabled: false,
    });
  });

  it('reports every problem of an entry, naming the entry and the field', () => {
    const [parsed] = parseManifest(
      [
        {
          name: 'crm-card',
          version: 'one',
          src: 'x.js',
          hostVersion: 'not a range',
          phase: -1,
          enabled: 'yes',
          integrity: 'md5-abc',
        },
      ],
      BASE,
    );
    expect(parsed?.entry).toBeUndefined();
    expect(parsed?.problems).toEqual(
      expect.arrayContaining([
        'plugins[0] ("crm-card").version: must be a semver version, like "1.2.0"',
        'plugins[0] ("crm-card").hostVersion: must be a semver range of host versions, like "^1.0.0"',
        'plugins[0] ("crm-card").phase: must be an integer >= 0',
        'plugins[0] ("crm-card").enabled: must be true or false, got "yes"',
        'plugins[0] ("crm-card").integrity: must be SRI hashes: "sha384-<base64>" or "sha512-<base64>"',
      ]),
    );
  });

  it('names missing fields, bad names, unknown fields (with a suggestion) and non-object entries', () => {
    const parsed = parseManifest(
      [
        { name: 'a', version: '1.0.0', src: 'a.js' },
        { name: 'Bad Name', version: '1.0.0', src: 'b.js', hostVersion: '*' },
        { ...ok, hostversion: '^1' },
        { ...ok, colour: 'red' },
        'crm.js',
        null,
        { ...ok, src: 'ftp://files.test/a.js' },
        { ...ok, src: 12 },
      ],
      BASE,
    );
    expect(parsed.map((p) => p.problems)).toEqual([
      ['plugins[0] ("a").hostVersion: is required'],
      ['plugins[1] ("Bad Name").name: must be lowercase letters, digits, ".", "_" or "-" (optionally @scope/)'],
      ['plugins[2] ("crm-card"): unknown field "hostversion" (did you mean "hostVersion"?)'],
      [expect.stringMatching(/^plugins\[3\] \("crm-card"\): unknown field "colour" \(fields: name, version, src/)],
      ['plugins[4]: must be an object, got string'],
      ['plugins[5]: must be an object, got null'],
      ['plugins[6] ("crm-card").src: must be an http(s) URL, got "ftp://files.test/a.js"'],
      ['plugins[7] ("crm-card").src: must be a URL, got 12'],
    ]);
    expect(parsed.map((p) => p.name)).toEqual([
      'a',
      'Bad Name',
      'crm-card',
      'crm-card',
      undefined,
      undefined,
      'crm-card',
      'crm-card',
    ]);
  });

  it('carries a permissions declaration, each list defaulting to empty; null and absent both mean undeclared', () => {
    const [full, partial, none, absent] = parseManifest(
      [
        {
          ...ok,
          permissions: {
            actions: ['AcceptTask', '*'],
            slots: ['CRMContainer'],
            origins: ['https://crm.example.com', 'wss://*.example.com:8443'],
          },
        },
        { ...ok, permissions: { actions: ['AcceptTask'] } },
        { ...ok, permissions: null },
        ok,
      ],
      BASE,
    );
    expect(full?.entry?.permissions).toEqual({
      actions: ['AcceptTask', '*'],
      slots: ['CRMContainer'],
      origins: ['https://crm.example.com', 'wss://*.example.com:8443'],
    });
    expect(partial?.entry?.permissions).toEqual({ actions: ['AcceptTask'], slots: [], origins: [] });
    expect(none?.entry).not.toHaveProperty('permissions');
    expect(absent?.entry).not.toHaveProperty('permissions');
  });

  it('names the field of every problem of a permissions declaration', () => {
    const parsed = parseManifest(
      [
        { ...ok, permissions: ['AcceptTask'] },
        { ...ok, permissions: { actions: 'AcceptTask' } },
        { ...ok, permissions: { actions: ['AcceptTask', 3, 'Two words'], slots: [''] } },
        { ...ok, permissions: { origins: ['https://crm.example.com/api', 'crm.example.com'] } },
        { ...ok, permissions: { action: [] } },
      ],
      BASE,
    );
    expect(parsed.map((p) => p.problems)).toEqual([
      [
        'plugins[0] ("crm-card").permissions: must be an object { actions, slots, origins } or null, got ["AcceptTask"]',
      ],
      ['plugins[1] ("crm-card").permissions.actions: must be an array of action names, got "AcceptTask"'],
      [
        'plugins[2] ("crm-card").permissions.actions[1]: must be an action name, got 3',
        'plugins[2] ("crm-card").permissions.actions[2]: must be an action name (no spaces), or "*"',
        'plugins[2] ("crm-card").permissions.slots[0]: must be a slot name (no spaces), or "*"',
      ],
      [
        'plugins[3] ("crm-card").permissions.origins[0]: must be an origin like "https://crm.example.com" (scheme, host, optional port; no path), got "https://crm.example.com/api"',
        'plugins[3] ("crm-card").permissions.origins[1]: must be an origin like "https://crm.example.com" (scheme, host, optional port; no path), got "crm.example.com"',
      ],
      ['plugins[4] ("crm-card").permissions: unknown field "action" (fields: actions, slots, origins)'],
    ]);
  });

  it('rejects a malformed manifest as a whole, saying what was expected', () => {
    expect(() => parseManifest(null, BASE)).toThrow('manifest: expected an object with a "plugins" array, got null');
    expect(() => parseManifest('plugins', BASE)).toThrow(/got string/);
    expect(() => parseManifest({ plugin: [] }, BASE)).toThrow(
      'manifest: unknown top-level field "plugin"; expected "plugins"',
    );
    expect(() => parseManifest({ plugins: {} }, BASE)).toThrow('manifest: "plugins" must be an array');
    try {
      parseManifest({}, BASE);
    } catch (e) {
      expect(e).toMatchObject({ code: 'MANIFEST_INVALID' });
    }
  });
});

describe('checkPermissions', () => {
  it('checks a declaration under the field it was found in', () => {
    expect(checkPermissions(undefined)).toEqual({ permissions: null });
    expect(checkPermissions({ slots: ['*'] }, 'switchboard.plugin.permissions')).toEqual({
      permissions: { actions: [], slots: ['*'], origins: [] },
    });
    expect(checkPermissions({ actions: [1], extra: true }, 'switchboard.plugin.permissions')).toEqual({
      problems: [
        'switchboard.plugin.permissions.actions[0]: must be an action name, got 1',
        'switchboard.plugin.permissions: unknown field "extra" (fields: actions, slots, origins)',
      ],
    });
  });
});

describe('fetchManifest', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  const respond = (body: string, init: ResponseInit = {}) => {
    globalThis.fetch = jest.fn(async () => new Response(body, init)) as typeof fetch;
  };

  it('fetches JSON and resolves bundle URLs against the manifest URL', async () => {
    respond(JSON.stringify({ plugins: [ok] }));
    const [parsed] = await fetchManifest('plugins.json', 'https://desk.example.com/app/');
    expect(globalThis.fetch).toHaveBeenCalledWith('https://desk.example.com/app/plugins.json', expect.anything());
    expect(parsed?.entry?.src).toBe('https://desk.example.com/app/crm-card.js');
  });

  it('reports HTTP errors, unreachable servers and bad JSON with the URL', async () => {
    respond('nope', { status: 404, statusText: 'Not Found' });
    await expect(fetchManifest('https://desk.test/p.json', BASE)).rejects.toMatchObject({
      code: 'MANIFEST_FETCH_FAILED',
      message: 'manifest https://desk.test/p.json: HTTP 404 Not Found',
    });
    respond('{ not json');
    await expect(fetchManifest('https://desk.test/p.json', BASE)).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
      message: expect.stringMatching(/^manifest https:\/\/desk\.test\/p\.json: not valid JSON/),
    });
    globalThis.fetch = jest.fn(async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(fetchManifest('https://desk.test/p.json', BASE)).rejects.toMatchObject({
      code: 'MANIFEST_FETCH_FAILED',
      message: 'manifest https://desk.test/p.json: could not be fetched (fetch failed)',
    });
  });
});
