// How a fact reads as a question: a blank in its sentence, "Which of these …?", in English and Korean.
import type { RelationType } from '../catalogue.js';
import { koreanWhichQuestion, render } from '../sentences.js';

const blank = { en: '____', ko: '(    )' };

/** A template with one slot left blank; a Korean particle pair after the blank stays as "은(는)". */
export function renderWithBlank(template: string, blankSlot: 's' | 'o', other: string, language: 'en' | 'ko'): string {
  const marker = '\u0000';
  const withMarker = template.replace(`{${blankSlot}}`, marker);
  const rendered = blankSlot === 's' ? render(withMarker, '', other) : render(withMarker, other, '');
  return rendered.replace(marker, blank[language]);
}

/** "Which of these implements CRI?" from "{s} implements {o}": the template without its leading slot. */
export function whichOfThese(template: string, askSlot: 's' | 'o', other: string): string {
  // A placeholder at the start of `rest` would count as the sentence's opening name; the marker keeps it inside.
  const rest = `\u0000${template.slice(`{${askSlot}} `.length)}`;
  const rendered = askSlot === 's' ? render(rest, '', other) : render(rest, other, '');
  return `Which of these ${rendered.slice(1)}?`;
}

/** The multiple-choice prompt in both languages; Korean as a natural question ("다음 중 CRI를 구현하는 것은?"). */
export function multipleChoicePrompt(type: RelationType, slot: 's' | 'o', other: { en: string; ko: string }) {
  const template = slot === 's' ? type.forward : type.inverse;
  return {
    en: whichOfThese(template.en, slot, other.en),
    ko:
      koreanWhichQuestion(template.ko, slot, other.ko) ??
      `다음 중 빈칸에 들어갈 것으로 알맞은 것은? ${renderWithBlank(template.ko, slot, other.ko, 'ko')}`,
  };
}
