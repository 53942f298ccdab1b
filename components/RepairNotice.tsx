import { useEffect, useRef } from 'preact/hooks';
import { i18n } from '#i18n';
import { MAX_AUTO_SITES } from '@/utils/auto-sites';
import type { Repair } from '@/utils/settings-repair';
import { MAX_SENSITIVES, type Settings } from '@/utils/settings-schema';
import { MAX_TERMS_PER_PAIR, pairLabel, parsePairKey } from '@/utils/terminology';

/** How the notice names each setting. */
function fieldLabel(field: keyof Settings): string {
  switch (field) {
    case 'endpoint':
      return i18n.t('options.repairs.fields.endpoint');
    case 'model':
      return i18n.t('options.repairs.fields.model');
    case 'monthlyLimit':
      return i18n.t('options.repairs.fields.monthlyLimit');
    case 'sourceLang':
      return i18n.t('options.repairs.fields.sourceLang');
    case 'targetLang':
      return i18n.t('options.repairs.fields.targetLang');
    case 'domainHint':
      return i18n.t('options.repairs.fields.domainHint');
    case 'sensitives':
      return i18n.t('options.repairs.fields.sensitives');
    case 'skipImgSegment':
      return i18n.t('options.repairs.fields.skipImgSegment');
    case 'profiles':
      return i18n.t('options.repairs.fields.profiles');
    case 'siteProfiles':
      return i18n.t('options.repairs.fields.siteProfiles');
    case 'terminologies':
      return i18n.t('options.repairs.fields.terminologies');
    case 'autoSites':
      return i18n.t('options.repairs.fields.autoSites');
  }
}

/** Where the dropped thing was: "terminology (Chinese → English) of the profile “Comics”". */
function placeOf({ field, pair, profile }: Repair): string {
  const parsedPair = pair ? parsePairKey(pair) : null;
  const inField = parsedPair
    ? i18n.t('options.repairs.forPair', { field: fieldLabel(field), pair: pairLabel(parsedPair) })
    : fieldLabel(field);
  return profile === undefined ? inField : i18n.t('options.repairs.inProfile', { field: inField, profile });
}

/** The most a list setting keeps. */
function maxKept(field: keyof Settings): number {
  if (field === 'sensitives') return MAX_SENSITIVES;
  return field === 'autoSites' ? MAX_AUTO_SITES : MAX_TERMS_PER_PAIR;
}

/** One line of the notice: what was dropped, from where, and why. */
export function repairLine(repair: Repair): string {
  const values = { where: placeOf(repair), value: repair.dropped };
  switch (repair.reason) {
    case 'unreadable':
      return i18n.t('options.repairs.unreadable', values);
    case 'invalid':
      return i18n.t('options.repairs.invalid', values);
    case 'too-many':
      return i18n.t('options.repairs.tooMany', { ...values, max: maxKept(repair.field) });
    case 'listed-twice':
      return i18n.t('options.repairs.listedTwice', values);
  }
}

/**
 * What the stored settings held that could not be read, until the user keeps the rest (or saves): nothing is
 * written back before, so the notice stays true on every visit until then.
 */
export function RepairNotice({ repairs, kept, onKeep }: { repairs: Repair[]; kept: boolean; onKeep: () => void }) {
  const keptMessage = useRef<HTMLParagraphElement>(null);
  // The Keep button goes away once pressed: the message that replaces it takes the focus.
  useEffect(() => {
    if (kept) keptMessage.current?.focus();
  }, [kept]);

  if (kept) {
    return (
      <p ref={keptMessage} class="notice" role="status" tabIndex={-1}>
        {i18n.t('options.repairs.kept')}
      </p>
    );
  }
  return (
    <section class="notice" aria-labelledby="repairs-heading">
      <div role="alert">
        <h2 id="repairs-heading" class="notice-heading">
          {i18n.t('options.repairs.heading')}
        </h2>
        <p>{i18n.t('options.repairs.intro')}</p>
        <ul class="alert-list">
          {repairs.map((repair, index) => (
            <li key={index}>{repairLine(repair)}</li>
          ))}
        </ul>
        <p>{i18n.t('options.repairs.hint', { keep: i18n.t('options.repairs.keep'), save: i18n.t('options.save') })}</p>
      </div>
      <button type="button" class="button" onClick={onKeep}>
        {i18n.t('options.repairs.keep')}
      </button>
    </section>
  );
}
