import type { ComponentChildren, JSX } from 'preact';
import { i18n } from '#i18n';
import { SecretInput } from '@/components/SecretInput';
import { withElements } from '@/components/with-elements';
import { endpointPresets, MAX_DOMAIN_HINT_WORDS, MAX_SENSITIVES, settingsFields, wordCount } from '@/utils/settings';
import { fieldIds, sensitiveWords } from './settings-draft';

/** What every text field of the settings form takes. */
export interface FieldProps<T> {
  value: T;
  error?: string;
  onInput: (value: T) => void;
  onBlur: (event: FocusEvent) => void;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string');
  return present.length ? present.join(' ') : undefined;
}

/**
 * What ties a text control to its field: id, value, invalid state, and the descriptions it is read with
 * (the error first, then `described`), and the events that report back.
 */
function controlOf(id: string, { value, error, onInput, onBlur }: FieldProps<string>, ...described: string[]) {
  return {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(error && `${id}-error`, ...described),
    onInput: (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => onInput(event.currentTarget.value),
    onBlur,
  } as const;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

function Label({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <label class="label" for={id}>
      {children}
    </label>
  );
}

function Help({ id, text }: { id: string; text: string }) {
  return (
    <p id={`${id}-help`} class="hint">
      {text}
    </p>
  );
}

export function ApiKeyField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.apiKey;
  return (
    <div class="field" onFocusOut={onBlur}>
      <Label id={id}>{i18n.t('options.apiKey.label')}</Label>
      <SecretInput
        id={id}
        noun={i18n.t('options.apiKey.noun')}
        value={value}
        invalid={error !== undefined}
        describedBy={describedBy(`${id}-help`, error && `${id}-error`)}
        onInput={onInput}
      />
      <FieldError id={`${id}-error`} message={error} />
      <p id={`${id}-help`} class="hint">
        {withElements(i18n.t('options.apiKey.help', { apiKeys: '{apiKeys}' }), {
          apiKeys: <strong>{i18n.t('options.apiKey.helpApiKeys')}</strong>,
        })}{' '}
        <a class="link" href="https://www.alibabacloud.com/help/en/model-studio/get-api-key" target="_blank" rel="noreferrer">
          {i18n.t('options.apiKey.howTo')}
        </a>
      </p>
    </div>
  );
}

/** A name typed or picked from a list (an address, a model's name): no spelling fixes, no capitals, no autofill. */
function NameInput({ id, field, choices, inputMode }: { id: string; field: FieldProps<string>; choices: string; inputMode?: 'url' }) {
  return (
    <input
      {...controlOf(id, field, `${id}-help`)}
      class="input"
      type="text"
      inputMode={inputMode}
      list={`${id}-${choices}`}
      spellcheck={false}
      autoCapitalize="off"
      autoComplete="off"
    />
  );
}

export function EndpointField(field: FieldProps<string>) {
  const id = fieldIds.endpoint;
  const normalized = settingsFields.endpoint.safeParse(field.value);
  const current = normalized.success ? normalized.data : field.value;
  return (
    <div class="field">
      <Label id={id}>{i18n.t('options.endpoint.label')}</Label>
      <NameInput id={id} field={field} choices="presets" inputMode="url" />
      <datalist id={`${id}-presets`}>
        {endpointPresets.map((preset) => (
          <option key={preset.url} value={preset.url}>
            {preset.label}
          </option>
        ))}
      </datalist>
      <FieldError id={`${id}-error`} message={field.error} />
      <div class="row row-tight" role="group" aria-label={i18n.t('options.endpoint.presets')}>
        {endpointPresets.map((preset) => (
          <button
            key={preset.url}
            type="button"
            class="button button-small"
            aria-pressed={current === preset.url}
            onClick={() => field.onInput(preset.url)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <Help id={id} text={i18n.t('options.endpoint.help')} />
    </div>
  );
}

export function ModelField(field: FieldProps<string>) {
  const id = fieldIds.model;
  return (
    <div class="field">
      <Label id={id}>{i18n.t('options.model.label')}</Label>
      <NameInput id={id} field={field} choices="choices" />
      <datalist id={`${id}-choices`}>
        {endpointPresets.map((preset) => (
          <option key={preset.model} value={preset.model}>
            {preset.label}
          </option>
        ))}
      </datalist>
      <FieldError id={`${id}-error`} message={field.error} />
      <Help id={id} text={i18n.t('options.model.help')} />
    </div>
  );
}

export function MonthlyLimitField(field: FieldProps<string>) {
  const id = fieldIds.monthlyLimit;
  return (
    <div class="field">
      <Label id={id}>{i18n.t('options.monthlyLimit.label')}</Label>
      {/* Text, not type="number": that hands "abc" or "1,000" to the page as "", which here means no limit. */}
      <input {...controlOf(id, field, `${id}-help`)} class="input" type="text" inputMode="numeric" autoComplete="off" />
      <FieldError id={`${id}-error`} message={field.error} />
      <Help id={id} text={i18n.t('options.monthlyLimit.help')} />
    </div>
  );
}

/** "12 / 50", or "12 / 200 words" when counting words. */
function Counter({ id, count, max, words = false }: { id: string; count: number; max: number; words?: boolean }) {
  return (
    <span id={id} class={count > max ? 'counter counter-over' : 'counter'}>
      {words ? i18n.t('options.counterWords', { count, max }) : i18n.t('options.counter', { count, max })}
    </span>
  );
}

interface CountedTextProps {
  id: string;
  label: string;
  help: string;
  rows: number;
  placeholder?: string;
  field: FieldProps<string>;
  count: { count: number; max: number; words?: boolean };
}

/** A text area with its help and a count of what it holds against the most it may. */
function CountedText({ id, label, help, rows, placeholder, field, count }: CountedTextProps) {
  return (
    <div class="field">
      <Label id={id}>{label}</Label>
      <textarea {...controlOf(id, field, `${id}-help`, `${id}-count`)} class="textarea" rows={rows} placeholder={placeholder} />
      <div class="field-meta">
        <Help id={id} text={help} />
        <Counter id={`${id}-count`} {...count} />
      </div>
      <FieldError id={`${id}-error`} message={field.error} />
    </div>
  );
}

export function DomainHintField(field: FieldProps<string>) {
  return (
    <CountedText
      id={fieldIds.domainHint}
      label={i18n.t('options.domainHint.label')}
      help={i18n.t('options.domainHint.help')}
      rows={3}
      placeholder={i18n.t('options.domainHint.placeholder')}
      field={field}
      count={{ count: wordCount(field.value), max: MAX_DOMAIN_HINT_WORDS, words: true }}
    />
  );
}

export function SensitiveWordsField(field: FieldProps<string>) {
  return (
    <CountedText
      id={fieldIds.sensitives}
      label={i18n.t('options.sensitives.label')}
      help={i18n.t('options.sensitives.help')}
      rows={4}
      field={field}
      count={{ count: sensitiveWords(field.value).length, max: MAX_SENSITIVES }}
    />
  );
}

export function TranslateEverythingField({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class="field checkbox-field">
      <input
        id="translate-everything"
        class="checkbox"
        type="checkbox"
        checked={checked}
        aria-describedby="translate-everything-help"
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <div>
        <Label id="translate-everything">{i18n.t('options.translateEverything.label')}</Label>
        <Help id="translate-everything" text={i18n.t('options.translateEverything.help')} />
      </div>
    </div>
  );
}
