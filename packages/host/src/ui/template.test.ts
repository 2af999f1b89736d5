import { renderTemplate } from './template';

describe('renderTemplate', () => {
  it('reads dotted paths from the context, with spaces allowed inside the braces', () => {
    const task = { customerName: 'Ada', attributes: { tags: ['vip'] } };
    expect(renderTemplate('Chat with {{task.customerName}} ({{ task.attributes.tags.0 }})', { task })).toBe(
      'Chat with Ada (vip)',
    );
  });

  it('renders missing, null, object and function values as empty text; numbers and booleans as text', () => {
    expect(
      renderTemplate('[{{missing}}][{{a.b.c}}][{{n}}][{{o}}][{{f}}][{{z}}][{{t}}]', {
        a: { b: null },
        n: null,
        o: { x: 1 },
        f: () => 'no',
        z: 0,
        t: false,
      }),
    ).toBe('[][][][][][0][false]');
    expect(renderTemplate('{{x}}')).toBe('');
  });

  it('reads own properties only: the prototype chain is out of reach', () => {
    expect(renderTemplate('{{constructor}}{{a.__proto__}}{{a.toString}}', { a: {} })).toBe('');
  });

  it('leaves text without placeholders and malformed braces as they are', () => {
    expect(renderTemplate('no placeholders')).toBe('no placeholders');
    expect(renderTemplate('{{ a b }} {{}} {x}', { a: 1 })).toBe('{{ a b }} {{}} {x}');
  });
});
