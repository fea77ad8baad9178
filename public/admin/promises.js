// Placeholder until the promises section lands (helper page-admin replaces this module).
import { el } from './ui.js';

export function mount(root, ctx) {
  root.appendChild(el('p', { className: 'hint', text: ctx.t('notYet') }));
}
