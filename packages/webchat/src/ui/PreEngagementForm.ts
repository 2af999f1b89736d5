import type { PreEngagementConfig, PreEngagementField } from '../types';
import { uniqueId } from './dom';
import { DEFAULT_FIELDS } from './strings';
import type { View, ViewContext } from './ViewContext';

/** The pre-engagement form: its fields become StartEngagement's `formData`. */
export function createPreEngagementForm(ctx: ViewContext, config: PreEngagementConfig = {}): View<HTMLFormElement> {
  const { h, strings } = ctx;
  const fields: readonly PreEngagementField[] = config.fields ?? DEFAULT_FIELDS;
  const descriptionId = uniqueId('form-description');
  const inputs = fields.map((field) => {
    const id = uniqueId(`field-${field.name}`);
    const attributes = {
      id,
      name: field.name,
      class: 'sbwc-input',
      required: !!field.required,
      placeholder: field.placeholder,
      autocomplete: field.autocomplete ?? (field.name === 'name' ? 'name' : undefined),
    };
    const input =
      field.type === 'textarea'
        ? h('textarea', { ...attributes, rows: 3 })
        : h('input', { ...attributes, type: field.type ?? 'text' });
    const label = h('label', { for: id }, field.label, field.required && h('span', { 'aria-hidden': 'true' }, ' *'));
    return { field, input, row: h('div', { class: 'sbwc-field' }, label, input) };
  });
  const submit = h('button', { type: 'submit', class: 'sbwc-btn' }, config.submitLabel ?? strings.submit);
  const form = h(
    'form',
    { class: 'sbwc-form', 'aria-label': config.submitLabel ?? strings.submit, 'aria-describedby': descriptionId },
    h('p', { id: descriptionId }, config.description ?? strings.formDescription),
    ...inputs.map((i) => i.row),
    h('div', {}, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (ctx.getState().phase === 'starting') return;
    const formData: Record<string, string> = {};
    for (const { field, input } of inputs) formData[field.name] = input.value;
    void ctx.run('StartEngagement', { formData });
  });

  return {
    element: form,
    update(state, previous) {
      const starting = state.phase === 'starting';
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
      submit.setAttribute('aria-disabled', String(starting));
      form.setAttribute('aria-busy', String(starting));
      // The engagement started: the next form starts empty.
      if (state.phase === 'chat' && previous?.phase === 'starting') form.reset();
    },
    focus: () => inputs[0]?.input.focus(),
  };
}
