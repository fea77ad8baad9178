// The preview section (being written; the shell's first commit carries this placeholder).
import { el } from './ui.js';

export function mount(root, ctx) {
  root.appendChild(el('p', { className: 'hint', text: ctx.t('notYet') }));
}
