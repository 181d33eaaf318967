// Learning path: what to understand before a goal, in order, each step with the relations that put it there,
// and "I already know…" choices that take known concepts (and what they rest on) off the path.

import { getJson } from '../api.js';
import type { ConceptSummary, LearningPath } from '../api-types.js';
import { conceptPicker } from '../concept-picker.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { type Lang, pick, t } from '../i18n.js';
import type { Route } from '../routes.js';
import { bothNames, citationList, conceptLink, loadingLine } from './common.js';
import { problemBox } from './problem.js';

type LearnRoute = Extract<Route, { view: 'learn' }>;

export async function learnView(ctx: ViewContext, route: LearnRoute, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  ctx.setTitle(t(lang, 'learnTitle'));
  const target = conceptPicker(ctx, { label: t(lang, 'target'), name: 'target' });
  const message = h('p', { class: 'form-message', role: 'status' });
  const results = h('div', { class: 'learn-results' });
  const form = h(
    'form',
    { class: 'single-form', 'aria-label': t(lang, 'learnTitle') },
    target.element,
    h('button', { type: 'submit' }, t(lang, 'showPath')),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = await target.resolve();
    if (!chosen) {
      message.textContent = t(lang, 'pickConcept');
      target.input.focus();
      return;
    }
    ctx.navigate({ view: 'learn', target: chosen.id, known: [] });
  });
  main.replaceChildren(
    h('h1', { tabindex: '-1' }, t(lang, 'learnTitle')),
    h('p', { class: 'intro' }, t(lang, 'learnIntro')),
    form,
    results,
  );
  if (!route.target) return;
  target.set({ id: route.target, name: { en: route.target, ko: route.target } });

  // Every concept offered under "I already know…": kept across choices so ticking one does not hide the others.
  const candidates = new Map<string, ConceptSummary>();
  let known = route.known;

  const load = async (focusId?: string) => {
    results.replaceChildren(loadingLine(t(lang, 'loading')));
    try {
      const path = await getJson<LearningPath>('learning-path', { target: route.target, known: known.join(',') || undefined }, ctx.signal);
      target.set(path.target);
      for (const concept of [...path.steps.map((step) => step.concept), ...(path.known ?? []), ...(path.skipped ?? [])]) {
        if (!candidates.has(concept.id)) candidates.set(concept.id, concept);
      }
      results.replaceChildren(
        ...renderPath(lang, path, candidates, known, (id, checked) => {
          known = checked ? [...known, id] : known.filter((other) => other !== id);
          ctx.replaceUrl({ view: 'learn', target: route.target, known });
          void load(id);
        }),
      );
      if (focusId) results.querySelector<HTMLInputElement>(`input[value="${focusId}"]`)?.focus();
    } catch (error) {
      if (ctx.signal.aborted) return;
      results.replaceChildren(problemBox(lang, error));
    }
  };
  await load();
}

function renderPath(
  lang: Lang,
  path: LearningPath,
  candidates: Map<string, ConceptSummary>,
  known: string[],
  onToggle: (id: string, checked: boolean) => void,
): HTMLElement[] {
  const targetName = pick(lang, path.target.name);
  const steps = h(
    'section',
    { class: 'steps-section', 'aria-labelledby': 'steps-heading' },
    h('h2', { id: 'steps-heading' }, t(lang, 'learnThis', { name: targetName })),
    path.steps.length === 0
      ? h('p', { class: 'no-steps' }, t(lang, 'noSteps', { name: targetName }))
      : h(
          'ol',
          { class: 'steps' },
          path.steps.map((step) =>
            h(
              'li',
              { class: 'step', 'data-concept-id': step.concept.id },
              h('p', { class: 'step-name' }, conceptLink(lang, step.concept), ' ', ...bothNames(lang, step.concept).slice(1)),
              step.why ? h('p', { class: 'step-why' }, pick(lang, step.why)) : null,
              (step.because ?? []).length > 0
                ? h(
                    'div',
                    { class: 'because' },
                    h('span', { class: 'because-label' }, t(lang, 'because')),
                    h(
                      'ul',
                      {},
                      (step.because ?? []).map((relation) =>
                        h('li', {}, pick(lang, relation.sentence), citationList(lang, relation.sources, 'citations inline')),
                      ),
                    ),
                  )
                : null,
            ),
          ),
        ),
    h('p', { class: 'then-target' }, t(lang, 'thenTarget', { name: '' }), conceptLink(lang, path.target)),
  );

  const choices =
    candidates.size === 0
      ? null
      : h(
          'fieldset',
          { class: 'known-choices' },
          h('legend', {}, t(lang, 'alreadyKnow')),
          h('p', { class: 'hint' }, t(lang, 'alreadyKnowHelp')),
          h(
            'ul',
            {},
            [...candidates.values()].map((concept) =>
              h(
                'li',
                {},
                h(
                  'label',
                  {},
                  h('input', {
                    type: 'checkbox',
                    name: 'known',
                    value: concept.id,
                    checked: known.includes(concept.id),
                    onchange: (event: Event) => onToggle(concept.id, (event.target as HTMLInputElement).checked),
                  }),
                  ' ',
                  pick(lang, concept.name),
                ),
              ),
            ),
          ),
        );

  const skipped =
    (path.skipped ?? []).length > 0
      ? h(
          'section',
          { class: 'skipped', 'aria-labelledby': 'skipped-heading' },
          h('h2', { id: 'skipped-heading' }, t(lang, 'skipped')),
          h(
            'p',
            {},
            ...path.skipped.flatMap((concept, i) => (i === 0 ? [conceptLink(lang, concept)] : [', ', conceptLink(lang, concept)])),
          ),
        )
      : null;
  return [h('div', { class: 'learn-body' }, steps, h('aside', { class: 'learn-side' }, choices, skipped))];
}
