import { titleOf, unscopedName, validatePluginName } from './validatePluginName';

describe('validatePluginName', () => {
  it.each(['my-plugin', 'crm', 'a.b_c-1', '1st-plugin', '@acme/crm-badge', '@acme1/x'])('accepts %s', (name) => {
    expect(validatePluginName(name)).toBeUndefined();
  });

  it.each([
    ['', 'a plugin name is required (e.g. my-plugin or @acme/crm-badge)'],
    ['  ', 'a plugin name is required (e.g. my-plugin or @acme/crm-badge)'],
    ['My-Plugin', '"My-Plugin" is not a valid npm package name: name can no longer contain capital letters'],
    ['my plugin', '"my plugin" is not a valid npm package name: name can only contain URL-friendly characters'],
    ['.hidden', '".hidden" is not a valid npm package name: name cannot start with a period'],
    ['node_modules', '"node_modules" is not a valid npm package name: node_modules is not a valid package name'],
    ['http', '"http" is not a valid npm package name: http is a core module name'],
    ['a~b', `"a~b" is not a valid npm package name: name can no longer contain special characters ("~'!()*")`],
    ['a'.repeat(215), expect.stringContaining('name can no longer contain more than 214 characters')],
  ])('refuses %j for npm', (name, reason) => {
    expect(validatePluginName(name)).toEqual(reason);
  });

  // Valid npm names that the host refuses as plugin names.
  it.each(['@acme/_private', '@-acme/x'])('refuses %s for the host', (name) => {
    expect(validatePluginName(name)).toBe(
      `"${name}" is not a valid plugin name: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, optionally scoped (@scope/name)`,
    );
  });

  it('says it in one line', () => {
    for (const name of ['My Plugin!', '@acme/_x', '']) expect(validatePluginName(name)).not.toMatch(/\n/);
  });
});

it('derives the folder name and the title from the name', () => {
  expect(unscopedName('@acme/crm-badge')).toBe('crm-badge');
  expect(unscopedName('crm')).toBe('crm');
  expect(titleOf('@acme/crm-badge')).toBe('Crm Badge');
  expect(titleOf('my_first.plugin')).toBe('My First Plugin');
});
