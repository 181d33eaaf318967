// An API problem (or any failure) shown as its title and detail, never a blank page.
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { type Lang, t } from '../i18n.js';

export function problemBox(lang: Lang, error: unknown): HTMLElement {
  const problem =
    error instanceof ApiError
      ? error.problem
      : { title: t(lang, 'problem'), status: 0, detail: error instanceof Error ? error.message : String(error) };
  const title = problem.status === 0 && error instanceof ApiError ? t(lang, 'networkError') : problem.title;
  return h(
    'div',
    { class: 'problem', role: 'alert', 'data-problem-code': problem.code ?? '' },
    h('h2', { class: 'problem-title' }, title),
    problem.detail ? h('p', { class: 'problem-detail' }, problem.detail) : null,
    problem.errors && problem.errors.length > 0
      ? h(
          'ul',
          { class: 'problem-errors' },
          problem.errors.map((item) => h('li', {}, h('code', {}, item.path), ' ', item.message)),
        )
      : null,
    problem.code || problem.status
      ? h('p', { class: 'problem-code' }, [problem.code, problem.status ? `HTTP ${problem.status}` : ''].filter(Boolean).join(' · '))
      : null,
  );
}
