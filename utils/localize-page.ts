import { i18n } from '#i18n';

/** Puts an extension page in the interface's language: its `lang` (screen readers and CJK fonts go by it) and its title. */
export function localizePage(title: string): void {
  document.documentElement.lang = i18n.t('uiLang');
  document.title = title;
}
