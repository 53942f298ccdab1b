import { i18n } from '#i18n';
import type { PageQuestion } from './protocol';

/** What "Translate all" asks before a large or slow page: in the popup, and in the page menu's own dialog. */
export function pageQuestionText(question: PageQuestion): string {
  return question.minutes === undefined
    ? i18n.t('pageTranslation.confirm', question)
    : i18n.t('pageTranslation.confirmSlow', question.minutes, question);
}
